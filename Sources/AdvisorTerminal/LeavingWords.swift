import Foundation

/// A line that only says the user is leaving ("exit", "quit", "bye"): after its reply (the
/// goodbye, a saved turn) the front end ends, as psql or `ollama run` do, rather than
/// showing the prompt again.
enum LeavingWords {
    static let lines: Set<String> = ["exit", "quit", "bye", "goodbye", "bye bye", "byee", "exit()", "q!"]

    static func isLeaving(_ line: String) -> Bool {
        let folded = line.lowercased().trimmingCharacters(in: .whitespaces)
        let bare = String(folded.reversed().drop(while: { ".!".contains($0) }).reversed())
        return lines.contains(bare)
    }
}
