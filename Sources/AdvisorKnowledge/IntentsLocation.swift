import Foundation

/// Finds the knowledge base directory when the user does not name one.
public enum IntentsLocation {
    /// The environment variable that names the knowledge base directory.
    public static let environmentVariable = "ADVISOR_INTENTS"

    /// The directory to load: `explicit` if given, else `$ADVISOR_INTENTS`, else the
    /// `Intents/` bundled with the executable (found next to it, in `../share/advisor`,
    /// or in the source tree it was built in), else `./Intents`.
    ///
    /// - Throws: a sentence the user can act on when no directory is found.
    public static func resolve(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> URL {
        if let explicit {
            let url = URL(fileURLWithPath: explicit)
            guard isDirectory(url) else {
                throw IntentsLocationError(message: "The knowledge base directory \(explicit) does not exist.")
            }
            return url
        }
        if let named = environment[environmentVariable], !named.isEmpty {
            let url = URL(fileURLWithPath: named)
            guard isDirectory(url) else {
                throw IntentsLocationError(message: "\(environmentVariable) names \(named), which is not a directory.")
            }
            return url
        }
        for candidate in bundledCandidates() where isDirectory(candidate) {
            return candidate
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
        candidates.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("Intents"))
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
