/// How far apart two sequences are, and the nearest of several names to a typed one.
public enum EditDistance {
    /// Optimal string alignment distance: insertions, deletions, substitutions and
    /// transpositions of adjacent elements each cost 1.
    public static func between<Element: Equatable>(_ a: [Element], _ b: [Element]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, previousPrevious[j - 2] + 1)
                }
                current[j] = value
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }

    /// The candidate nearest to `name` (the first of equals), if it is at most `limit` edits away:
    /// what "did you mean …?" offers.
    public static func closest(to name: String, in candidates: [String], within limit: Int) -> String? {
        let typed = Array(name)
        let scored = candidates.map { ($0, between(typed, Array($0))) }.min { $0.1 < $1.1 }
        guard let (best, distance) = scored, distance <= limit else { return nil }
        return best
    }
}
