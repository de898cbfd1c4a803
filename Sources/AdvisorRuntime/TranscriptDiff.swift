/// A unified diff of two texts, line by line, with every hunk.
public enum UnifiedDiff {
    /// One run of differences with its context, as `diff -u` prints it.
    public struct Hunk: Equatable, Sendable {
        public var oldStart: Int
        public var oldCount: Int
        public var newStart: Int
        public var newCount: Int
        /// The lines, each with its mark: " " same, "-" expected only, "+" actual only.
        public var lines: [String]

        public var header: String { "@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@" }
    }

    private enum Edit {
        case same(String), removed(String), added(String)

        var isSame: Bool { if case .same = self { true } else { false } }
    }

    /// Every hunk where `actual` differs from `expected`, with `context` lines around each;
    /// empty when they are equal.
    public static func hunks(expected: String, actual: String, context: Int = 3) -> [Hunk] {
        let a = expected.components(separatedBy: "\n")
        let b = actual.components(separatedBy: "\n")
        if a == b { return [] }
        let edits = Self.edits(a, b)
        var hunks: [Hunk] = []
        var index = 0
        while let first = edits[index...].firstIndex(where: { !$0.edit.isSame }) {
            // The hunk goes on while the equal runs between changes are at most 2×context.
            var last = first
            var cursor = first
            while cursor < edits.count {
                if edits[cursor].edit.isSame {
                    let run = edits[cursor...].prefix { $0.edit.isSame }.count
                    if run > context * 2 || cursor + run == edits.count { break }
                    cursor += run
                } else {
                    last = cursor
                    cursor += 1
                }
            }
            let slice = edits[max(0, first - context)..<min(edits.count, last + context + 1)]
            var hunk = Hunk(
                oldStart: (slice.first?.old ?? 0) + 1, oldCount: 0, newStart: (slice.first?.new ?? 0) + 1, newCount: 0, lines: [])
            for (edit, _, _) in slice {
                switch edit {
                case .same(let line): hunk.lines.append(" \(line)"); hunk.oldCount += 1; hunk.newCount += 1
                case .removed(let line): hunk.lines.append("-\(line)"); hunk.oldCount += 1
                case .added(let line): hunk.lines.append("+\(line)"); hunk.newCount += 1
                }
            }
            hunks.append(hunk)
            index = last + 1
        }
        return hunks
    }

    /// The first hunk that differs, with file headers, or nil if equal.
    public static func firstHunk(expected: String, actual: String, expectedName: String, actualName: String, context: Int = 3) -> String? {
        guard let hunk = hunks(expected: expected, actual: actual, context: context).first else { return nil }
        return (["--- \(expectedName)", "+++ \(actualName)", hunk.header] + hunk.lines).joined(separator: "\n")
    }

    /// The edit script from `a` to `b` by longest common subsequence, removals before
    /// additions as diff(1) shows them, with each edit's position in `a` and `b`.
    private static func edits(_ a: [String], _ b: [String]) -> [(edit: Edit, old: Int, new: Int)] {
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var edits: [(Edit, Int, Int)] = []
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                edits.append((.same(a[i]), i, j)); i += 1; j += 1
            } else if i < a.count, j == b.count || table[i + 1][j] >= table[i][j + 1] {
                edits.append((.removed(a[i]), i, j)); i += 1
            } else {
                edits.append((.added(b[j]), i, j)); j += 1
            }
        }
        return edits
    }
}

/// Which words of a changed line changed, for lines too long to compare by eye.
public enum WordDiff {
    /// Lines longer than this (in characters, either side) get their changed words marked.
    public static let minimumLineLength = 60

    /// How the changed words are shown.
    public enum Style: Sendable {
        /// `[-old words-]{+new words+}` on a line of its own (git's `--word-diff=plain`).
        case plain
        /// The changed words in reverse video, red in the removed line and green in the added one.
        case ansi
    }

    /// `old` and `new` as one line with the removed words in `[-…-]` and the added in `{+…+}`.
    public static func plain(old: String, new: String) -> String {
        segments(old: old, new: new).map { segment in
            switch segment {
            case .same(let words): words
            case .removed(let words): "[-\(words)-]"
            case .added(let words): "{+\(words)+}"
            }
        }.joined(separator: " ")
    }

    /// The removed and the added line with their changed words in reverse video (ANSI).
    public static func ansi(old: String, new: String) -> (old: String, new: String) {
        var removed: [String] = []
        var added: [String] = []
        for segment in segments(old: old, new: new) {
            switch segment {
            case .same(let words): removed.append(words); added.append(words)
            case .removed(let words): removed.append("\u{1B}[7;31m\(words)\u{1B}[27;39m")
            case .added(let words): added.append("\u{1B}[7;32m\(words)\u{1B}[27;39m")
            }
        }
        return (removed.joined(separator: " "), added.joined(separator: " "))
    }

    enum Segment: Equatable {
        case same(String), removed(String), added(String)
    }

    /// Runs of equal, removed and added words (split on spaces).
    static func segments(old: String, new: String) -> [Segment] {
        let a = old.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        let b = new.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var segments: [Segment] = []
        func append(_ segment: Segment) {
            switch (segments.last, segment) {
            case (.same(let x)?, .same(let y)): segments[segments.count - 1] = .same(x + " " + y)
            case (.removed(let x)?, .removed(let y)): segments[segments.count - 1] = .removed(x + " " + y)
            case (.added(let x)?, .added(let y)): segments[segments.count - 1] = .added(x + " " + y)
            default: segments.append(segment)
            }
        }
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                append(.same(a[i])); i += 1; j += 1
            } else if i < a.count, j == b.count || table[i + 1][j] >= table[i][j + 1] {
                append(.removed(a[i])); i += 1
            } else {
                append(.added(b[j])); j += 1
            }
        }
        // Removals before additions between two equal runs, however the LCS interleaved them.
        var ordered: [Segment] = []
        var pendingAdded: [String] = []
        var pendingRemoved: [String] = []
        func flush() {
            if !pendingRemoved.isEmpty { ordered.append(.removed(pendingRemoved.joined(separator: " "))) }
            if !pendingAdded.isEmpty { ordered.append(.added(pendingAdded.joined(separator: " "))) }
            pendingRemoved = []
            pendingAdded = []
        }
        for segment in segments {
            switch segment {
            case .same: flush(); ordered.append(segment)
            case .removed(let words): pendingRemoved.append(words)
            case .added(let words): pendingAdded.append(words)
            }
        }
        flush()
        return ordered
    }

    /// A hunk's lines with the changed words of long changed lines marked: each removed line
    /// is paired with the added line in the same position of the run that follows it.
    public static func mark(_ lines: [String], style: Style) -> [String] {
        var output: [String] = []
        var index = 0
        while index < lines.count {
            guard lines[index].hasPrefix("-") else {
                output.append(lines[index])
                index += 1
                continue
            }
            let removed = lines[index...].prefix { $0.hasPrefix("-") }.map { String($0.dropFirst()) }
            let addedStart = index + removed.count
            let added = lines[addedStart...].prefix { $0.hasPrefix("+") }.map { String($0.dropFirst()) }
            var shownRemoved = removed.map { "-" + $0 }
            var shownAdded = added.map { "+" + $0 }
            var plainMarks: [String] = []
            for pair in 0..<min(removed.count, added.count)
            where max(removed[pair].count, added[pair].count) > minimumLineLength {
                switch style {
                case .plain:
                    plainMarks.append("~ " + plain(old: removed[pair], new: added[pair]))
                case .ansi:
                    let marked = ansi(old: removed[pair], new: added[pair])
                    shownRemoved[pair] = "-" + marked.old
                    shownAdded[pair] = "+" + marked.new
                }
            }
            output += shownRemoved + shownAdded + plainMarks
            index = addedStart + added.count
        }
        return output
    }
}
