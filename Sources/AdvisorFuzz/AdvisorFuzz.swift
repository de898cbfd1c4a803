import AdvisorDaemon
import AdvisorEngine
import AdvisorKnowledge
import AdvisorStore
import Foundation

/// Fuzz harnesses for every reader of untrusted bytes: what students type, a knowledge-base
/// file, a daemon request line, a saved state file, a journal. None may trap on any input.
///
/// Built with `-sanitize=fuzzer -DFUZZING` by `Scripts/fuzz.sh` (libFuzzer calls
/// `LLVMFuzzerTestOneInput`, the harness named by `ADVISOR_FUZZ`); built normally, it is a
/// program that runs files through a harness: `advisor-fuzz HARNESS FILE|DIR...`, which
/// replays a corpus or a crash without the fuzzer.
enum Harness: String, CaseIterable {
    case message, knowledge, request, state, journal

    /// The bundled knowledge base, for the harnesses that run the engine.
    nonisolated(unsafe) static var knowledgeBase: KnowledgeBase = {
        do {
            return try KnowledgeBaseLoader.load(directory: IntentsLocation.locate(explicit: nil).directory)
        } catch {
            fatalError("advisor-fuzz needs the knowledge base: \(error)")
        }
    }()

    func run(_ bytes: UnsafeRawBufferPointer) {
        switch self {
        case .message:
            // Up to the first NUL, the first message; after it, a follow-up in its context.
            let parts = bytes.split(separator: 0, maxSplits: 1, omittingEmptySubsequences: false)
            let engine = DialogueEngine(knowledge: Self.knowledgeBase)
            var state = SessionState(user: "fuzz")
            for part in parts {
                let text = String(decoding: part, as: UTF8.self)
                _ = Self.knowledgeBase.classify(text)
                _ = engine.respond(to: text, state: &state)
            }
            _ = engine.welcome(state)
        case .knowledge:
            _ = KnowledgeBaseLoader.check(text: String(decoding: bytes, as: UTF8.self), file: "fuzz.yaml")
        case .request:
            _ = DaemonFuzzing.decodeRequest(Array(bytes))
        case .state:
            guard let state = StoreFuzzing.readState(Data(bytes)) else { return }
            Self.takeTurns(state)
        case .journal:
            var base = SessionState(user: "fuzz")
            base.turnCount = 0
            for start in [nil, base] as [SessionState?] {
                if let state = StoreFuzzing.replayJournal(Data(bytes), onto: start) { Self.takeTurns(state) }
            }
        }
    }

    /// A state the store accepted goes through the engine's whole turn, as the next message would.
    static func takeTurns(_ state: SessionState) {
        let engine = DialogueEngine(knowledge: knowledgeBase)
        var state = state
        _ = engine.welcome(state)
        for text in ["let's continue", "why?", "yes", "2", "tell me more", "what is lean"] {
            _ = engine.respond(to: text, state: &state)
        }
    }
}

#if FUZZING
nonisolated(unsafe) let selected: Harness = {
    let name = ProcessInfo.processInfo.environment["ADVISOR_FUZZ"] ?? ""
    guard let harness = Harness(rawValue: name) else {
        fatalError("set ADVISOR_FUZZ to one of: \(Harness.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    return harness
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    selected.run(UnsafeRawBufferPointer(start: start, count: count))
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafeRawPointer, Int) -> CInt
) -> CInt

/// SwiftPM links an executable's entry point under this name (so that tests can import
/// it); libFuzzer's driver takes over from here, as its own `main` would.
@_cdecl("advisor_fuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { start, size in fuzzOneInput(start, size) }
}
#else
@main
enum AdvisorFuzz {
    static func main() {
        let arguments = CommandLine.arguments.dropFirst()
        guard let name = arguments.first, let harness = Harness(rawValue: name), arguments.count >= 2 else {
            FileHandle.standardError.write(Data("usage: advisor-fuzz \(Harness.allCases.map(\.rawValue).joined(separator: "|")) FILE|DIR...\n".utf8))
            exit(2)
        }
        var files: [URL] = []
        for path in arguments.dropFirst() {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                files += names.sorted().map { URL(fileURLWithPath: path).appendingPathComponent($0) }
            } else {
                files.append(URL(fileURLWithPath: path))
            }
        }
        for file in files {
            guard let data = try? Data(contentsOf: file) else { continue }
            data.withUnsafeBytes { harness.run($0) }
        }
        print("\(harness.rawValue): \(files.count) input(s) ran without a trap")
    }
}
#endif
