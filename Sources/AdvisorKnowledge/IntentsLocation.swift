import Foundation

/// Finds the knowledge base directory when the user does not name one.
public enum IntentsLocation {
    /// The environment variable that names the knowledge base directory.
    public static let environmentVariable = "ADVISOR_INTENTS"

    /// How the directory was chosen.
    public enum Origin: Sendable, Equatable {
        /// Named with `--intents`.
        case explicit
        /// Named by `$ADVISOR_INTENTS`.
        case environment
        /// `./Intents` in the working directory.
        case workingDirectory
        /// The copy bundled with the executable (or the source tree it was built in).
        case bundled

        /// How a summary says where the directory came from.
        public var phrase: String {
            switch self {
            case .explicit: "named with --intents"
            case .environment: "named by \(IntentsLocation.environmentVariable)"
            case .workingDirectory: "./Intents in the current directory"
            case .bundled: "the copy bundled with advisor; name another with --intents DIR"
            }
        }
    }

    /// The directory to load: `explicit` if given, else `$ADVISOR_INTENTS`, else the
    /// `Intents/` bundled with the executable (found next to it, in `../share/advisor`,
    /// or in the source tree it was built in), else `./Intents`.
    ///
    /// - Throws: a sentence the user can act on when no directory is found.
    public static func resolve(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> URL {
        try locate(explicit: explicit, environment: environment).directory
    }

    /// The directory to load and how it was chosen: `explicit` if given, else
    /// `$ADVISOR_INTENTS`, else `./Intents` in `workingDirectory`, else the `Intents/`
    /// bundled with the executable (next to it, in `../share/advisor`, or in the source
    /// tree it was built in).
    ///
    /// A maintainer's own copy in the current directory comes before the bundled one, so
    /// that `advisor lint` in a copy checks that copy, never the source tree's.
    ///
    /// - Throws: a sentence the user can act on when no directory is found.
    public static func locate(
        explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
        workingDirectory: String = FileManager.default.currentDirectoryPath
    ) throws -> (directory: URL, origin: Origin) {
        if let explicit {
            let url = URL(fileURLWithPath: explicit).standardizedFileURL
            guard isDirectory(url) else {
                throw IntentsLocationError(message: "The knowledge base directory \(explicit) does not exist.")
            }
            return (url, .explicit)
        }
        if let named = environment[environmentVariable], !named.isEmpty {
            let url = URL(fileURLWithPath: named).standardizedFileURL
            guard isDirectory(url) else {
                throw IntentsLocationError(message: "\(environmentVariable) names \(named), which is not a directory.")
            }
            return (url, .environment)
        }
        let local = URL(fileURLWithPath: workingDirectory).appendingPathComponent("Intents").standardizedFileURL
        if isDirectory(local) { return (local, .workingDirectory) }
        for candidate in bundledCandidates() where isDirectory(candidate) {
            return (candidate.standardizedFileURL, .bundled)
        }
        throw IntentsLocationError(
            message: "Cannot find the knowledge base (Intents/). Name it with --intents DIR or \(environmentVariable)=DIR.")
    }

    static func bundledCandidates() -> [URL] {
        var candidates: [URL] = []
        let executable = (Bundle.main.executableURL ?? URL(fileURLWithPath: "/proc/self/exe")).resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        candidates.append(directory.appendingPathComponent("Intents"))
        candidates.append(directory.deletingLastPathComponent().appendingPathComponent("share/advisor/Intents"))
        // Built in a source tree: .build/<triple>/<configuration>/advisor, so walk up to the package.
        for _ in 0..<5 {
            directory = directory.deletingLastPathComponent()
            let package = directory.appendingPathComponent("Package.swift")
            if FileManager.default.fileExists(atPath: package.path) {
                candidates.append(directory.appendingPathComponent("Intents"))
                break
            }
        }
        return candidates
    }

    private static func isDirectory(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}

/// No knowledge base directory could be found.
public struct IntentsLocationError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
