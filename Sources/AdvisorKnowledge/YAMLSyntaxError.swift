import Foundation
import Yams

/// A YAML syntax error in plain words, with a hint at the usual cause, for people who edit
/// the knowledge base without knowing YAML's grammar.
///
/// The parser's own words are kept alongside: the plain reading is a guess from the line's
/// text, and the parser's is exact.
struct YAMLSyntaxError {
    /// The line to point at (1-based).
    var line: Int
    /// What is wrong, in plain words.
    var problem: String
    /// What usually fixes it.
    var hint: String
    /// The parser's own description.
    var parserText: String

    var message: String {
        "invalid YAML: \(problem). Hint: \(hint). (The YAML parser says: \(parserText).)"
    }

    init(_ error: YamlError, text: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0.replacingOccurrences(of: "\r", with: "")) }
        func lineText(_ number: Int) -> String { lines.indices.contains(number - 1) ? lines[number - 1] : "" }
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let parser = [context.map { "\($0.text) (line \($0.mark.line), column \($0.mark.column))" }, "\(problem) (line \(mark.line), column \(mark.column))"]
                .compactMap { $0 }.joined(separator: ": ")
            self = Self.read(problem: problem, line: mark.line, column: mark.column, contextLine: context?.mark.line, lineText: lineText, parser: parser)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            self.init(
                line: context.mark.line, problem: "the key \(keys) appears twice in one mapping",
                hint: "keep one of them; if the second belongs to a new intent, start that intent with '- id:'",
                parserText: "\(context.text): duplicated keys \(duplicates.joined(separator: ", "))")
        default:
            self.init(
                line: 1, problem: "the file cannot be read as YAML", hint: "check that it is plain UTF-8 text",
                parserText: "\(error)".split(separator: "\n").joined(separator: " "))
        }
    }

    private init(line: Int, problem: String, hint: String, parserText: String) {
        self.line = line
        self.problem = problem
        self.hint = hint
        self.parserText = parserText
    }

    private static let indentationHint =
        "the keys of one intent (id, title, require, ...) start in the same column, and list items and text lines are indented under their key; indent with spaces only"
    private static let quoteHint =
        "put the text in double quotes, or write the key followed by '|' and the text on the next lines, indented"

    private static func read(
        problem: String, line: Int, column: Int, contextLine: Int?, lineText: (Int) -> String, parser: String
    ) -> YAMLSyntaxError {
        let text = lineText(line)
        let characters = Array(text)
        let at: Character? = characters.indices.contains(column - 1) ? characters[column - 1] : nil
        let leading = text.prefix { $0 == " " || $0 == "\t" || $0 == "-" }
        func make(_ line: Int, _ problem: String, _ hint: String) -> YAMLSyntaxError {
            YAMLSyntaxError(line: line, problem: problem, hint: hint, parserText: parser)
        }
        if problem.contains("tab") || at == "\t" || leading.contains("\t") {
            return make(line, "line \(line) has a tab character where YAML expects spaces", "YAML indents with spaces only: replace the tab with spaces")
        }
        if problem.contains("cannot start any token"), let at {
            let word = String(characters[(column - 1)...].prefix { !" ,]}".contains($0) })
            return make(line, "'\(word)' starts with '\(at)', which YAML does not allow at the start of plain text",
                        "write it in double quotes: \"\(word)\"")
        }
        if problem.contains("mapping values are not allowed") {
            // A colon after the line's own key: the text itself has ": ".
            let beforeMark = String(characters.prefix(max(column - 1, 0)))
            if let keyEnd = beforeMark.range(of: ": "), !beforeMark[..<keyEnd.lowerBound].contains("\"") {
                let key = beforeMark[..<keyEnd.lowerBound].trimmingCharacters(in: CharacterSet(charactersIn: " -"))
                return make(line, "the text after '\(key):' contains ': ', which YAML reads as the start of another key",
                            quoteHint)
            }
            return make(line, "line \(line), or a line just above it, is not indented like the lines around it", indentationHint)
        }
        if problem.contains("did not find expected key") || problem.contains("did not find expected '-'") {
            let start = contextLine.map { " that starts on line \($0)" } ?? ""
            return make(line, "line \(line) does not line up with the mapping\(start)",
                        indentationHint + "; text that starts with a quote must end with the same quote")
        }
        if problem.contains("could not find expected ':'") {
            let culprit = contextLine ?? line
            return make(culprit, "line \(culprit) is neither 'key: value' nor a list item",
                        "if it continues the text above, indent it like that text's other lines (under 'answer: |'); if it is a key, end the key with ':'")
        }
        if problem.contains("end of stream"), let contextLine {
            return make(contextLine, "a quote opened on line \(contextLine) is never closed",
                        "end the text with the same quote it starts with, or remove the opening quote")
        }
        if problem.contains("block end") || problem.contains("block mapping") || problem.contains("indentation") {
            return make(line, "line \(line), or a line just above it, is not indented like the lines around it", indentationHint)
        }
        return make(line, "YAML cannot read line \(line)",
                    "check the indentation (spaces only) and put text containing ': ', ' #', or starting with '@', '*', '&', '!', '%' or a quote in double quotes")
    }
}
