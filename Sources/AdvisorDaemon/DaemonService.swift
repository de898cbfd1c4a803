import AdvisorEngine
import AdvisorKnowledge
import AdvisorRuntime
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// The daemon as a swift-service-lifecycle `Service`: serves until a graceful shutdown
/// (SIGTERM or SIGINT through the `ServiceGroup`), then drains and returns.
public struct DaemonService: Service {
    public let server: DaemonServer

    public init(server: DaemonServer) {
        self.server = server
    }

    public func run() async throws {
        _ = try await server.start()
        // Returns when a graceful shutdown is requested, throws when the task is cancelled;
        // either way the server drains.
        try? await gracefulShutdown()
        await server.shutdown()
    }
}

/// Reloads the knowledge base on SIGHUP: loads it, lints it, and swaps it in only if both
/// succeed; otherwise the old one keeps serving and the log says why.
public struct KnowledgeReloader: Service {
    /// What a reload did.
    public enum Outcome: Sendable, Equatable {
        /// The new knowledge base is in use.
        case replaced(intents: Int)
        /// The old knowledge base is still in use; the messages say what is wrong.
        case kept(problems: [String])
    }

    let holder: KnowledgeHolder
    let directory: URL
    let logger: Logger
    let signals: UnixSignalsSequence?
    let statistics: DaemonStatistics?

    /// - Parameters:
    ///   - holder: the holder the conversation service reads the knowledge base from.
    ///   - directory: the `Intents/` directory to load again.
    ///   - signals: SIGHUP, trapped already; nil to trap it when `run()` starts.
    ///   - statistics: where reloads are counted and the knowledge base's identity kept.
    public init(holder: KnowledgeHolder, directory: URL, logger: Logger, signals: UnixSignalsSequence? = nil, statistics: DaemonStatistics? = nil) {
        self.holder = holder
        self.directory = directory
        self.logger = logger
        self.signals = signals
        self.statistics = statistics
    }

    public func run() async throws {
        let hangups = if let signals { signals } else { await UnixSignalsSequence(trapping: .sighup) }
        for await _ in hangups.cancelOnGracefulShutdown() {
            _ = reload()
        }
    }

    /// Loads and lints the knowledge base; replaces the one in use only if both succeed.
    @discardableResult
    public func reload() -> Outcome {
        let report = reloadReporting()
        return report.reloaded ? .replaced(intents: report.intents ?? 0) : .kept(problems: report.errors)
    }

    /// Reloads as `reload()` does and says what lint found, for `advisor reload --connect`.
    public func reloadReporting() -> KnowledgeReload {
        let started = ContinuousClock.now
        logger.notice("reloading the knowledge base", metadata: ["intents": "\(directory.path)"])
        // The same gate as `advisor lint` and the daemon's start.
        let report = Lint.run(directory: directory)
        var result = KnowledgeReload(
            reloaded: false, directory: directory.path, files: report.files.count, intents: report.knowledge?.intents.count,
            summary: report.summary, errors: report.errors.map(\.headline), findings: report.findings.map(\.description))
        guard report.isAcceptable, let knowledge = report.knowledge else {
            let reason = report.knowledge == nil ? "reload failed" : "reload refused by lint"
            logger.error("\(reason); still serving the previous knowledge base", metadata: [
                "errors": "\(result.errors.count)", "first": "\(result.errors.first ?? "")",
            ])
            for problem in result.errors.prefix(20) { logger.error("knowledge base error", metadata: ["error": "\(problem)"]) }
            statistics?.reloaded(nil)
            return result
        }
        holder.replace(with: knowledge)
        result.reloaded = true
        let hash = (try? KnowledgeIdentity.contentHash(directory: directory).hash) ?? "unknown"
        statistics?.reloaded(DaemonStatistics.KnowledgeIdentitySummary(hash: hash, intents: knowledge.intents.count))
        logger.notice("reloaded the knowledge base", metadata: [
            "directory": "\(directory.path)", "files": "\(report.files.count)", "intents": "\(knowledge.intents.count)", "knowledge_hash": "\(hash)",
            "warnings": "\(report.warnings.count)",
            "latency_ms": "\(String(format: "%.1f", ConversationHandler.milliseconds(ContinuousClock.now - started)))",
        ])
        return result
    }
}

/// What a reload found: the lint result, and whether the new knowledge base is in use.
///
/// The `reload` object of the daemon's answer to `{"op":"reload"}`.
public struct KnowledgeReload: Sendable, Equatable, Codable {
    /// Whether the new knowledge base replaced the old one; if not, the old one still serves.
    public var reloaded: Bool
    /// The directory that was loaded.
    public var directory: String
    /// How many YAML files it holds.
    public var files: Int
    /// How many intents the new knowledge base has, if it could be built.
    public var intents: Int?
    /// Lint's one-line summary ("0 error(s), 2 warning(s), ...").
    public var summary: String
    /// The errors' headlines (file:line: message): why a reload was refused.
    public var errors: [String]
    /// Every finding, errors and warnings, with its notes, as `advisor lint` prints it.
    public var findings: [String]

    public init(reloaded: Bool, directory: String, files: Int, intents: Int?, summary: String, errors: [String], findings: [String]) {
        self.reloaded = reloaded
        self.directory = directory
        self.files = files
        self.intents = intents
        self.summary = summary
        self.errors = errors
        self.findings = findings
    }
}
