import AdvisorEngine
import AdvisorWire
import Foundation
import Glibc

/// The format of a user's journal, `<base>.journal`: the turns saved since `<base>.json`
/// was last written, one compact JSON line each, so that a turn costs one small append
/// instead of rewriting the whole state.
///
/// The first line is a header naming the state file the journal extends (its length and a
/// hash of its bytes, or `none` when there is no state file: by content, so that a copy or a
/// restore of the directory keeps the two together); every further line is a
/// `SessionJournal.Entry`. A journal whose header names another state file is stale when
/// the state file already holds its turns (it was rewritten after the journal) and is
/// removed; when it holds turns the state file does not, the two do not belong together and
/// the journal is moved aside, never deleted, and the user told. A last line without its
/// newline is a write that never finished, so its reply was never sent: it is ignored too.
/// Any other line that cannot be read makes the journal damaged.
enum SessionJournal {
    /// The journal format this build writes and reads.
    static let formatVersion = 1

    struct Header: Codable, Equatable {
        var journal: Int
        var base: String
    }

    /// One saved update: the turns dropped and added, and every other field as it became.
    struct Entry: Codable {
        /// How many of the previous state's last turns stay, before `add`.
        var keep: Int
        var add: [Turn]
        var version: Int
        var user: String
        var profile: Profile
        var context: DialogueContext
        var turnCount: Int
        var createdAt: Date?
        var updatedAt: Date?

        /// The entry that turns `old` into `new`.
        init(from old: SessionState, to new: SessionState) {
            // The usual turn appends one turn and may drop the oldest: find how many of the
            // old turns still lead the new list, trying the cheap cases first.
            func leads(_ candidate: Int) -> Bool {
                candidate >= 0 && candidate <= old.turns.count
                    && new.turns[0..<candidate].elementsEqual(old.turns.suffix(candidate))
            }
            let count = new.turns.count
            if leads(count - 1) {
                keep = count - 1
            } else if leads(count) {
                keep = count
            } else {
                keep = stride(from: count - 2, through: 0, by: -1).first(where: leads) ?? 0
            }
            self.add = Array(new.turns[keep...])
            self.version = new.version
            self.user = new.user
            self.profile = new.profile
            self.context = new.context
            self.turnCount = new.turnCount
            self.createdAt = new.createdAt
            self.updatedAt = new.updatedAt
        }

        /// Applies the entry to `state`; false if it does not fit (more turns kept than there are).
        func apply(to state: inout SessionState) -> Bool {
            guard keep >= 0, keep <= state.turns.count else { return false }
            state.turns = Array(state.turns.suffix(keep)) + add
            state.version = version
            state.user = user
            state.profile = profile
            state.context = context
            state.turnCount = turnCount
            state.createdAt = createdAt
            state.updatedAt = updatedAt
            return true
        }
    }

    /// The header value naming a state file: its length and a hash of its bytes.
    ///
    /// By content, not by inode, so that a journal still belongs to its state file after the
    /// directory is copied, synced or restored (`cp -a`, rsync, tar, a backup). A newer state
    /// file never has the same bytes as an older one: every rewrite holds more turns, a later
    /// `updatedAt` or both.
    static func base(contents: Data) -> String {
        "c\(contents.count)-\(String(fnv1a(contents), radix: 16))"
    }

    /// The header value journals written before version 1.1 carry: the inode and the hash.
    /// Still accepted, so that a journal written by an older build is read after an upgrade.
    static func legacyBase(inode: UInt64, contents: Data) -> String {
        "\(inode)-\(String(fnv1a(contents), radix: 16))"
    }

    private static func fnv1a(_ contents: Data) -> UInt64 {
        contents.withUnsafeBytes { FNV1a.hash($0) }
    }

    /// The header value when there is no state file.
    static let noBase = "none"

    /// What a journal adds to its state file.
    enum Replay {
        /// The journal's header names another state file (or it holds no complete header):
        /// with the `turnCount` of its last complete entry, if it has one, so that a journal
        /// already folded into the state file can be told from one that was not.
        case stale(lastTurnCount: Int?)
        /// `state` with every complete entry applied; `length` bytes of the journal are
        /// complete lines (anything after them is an unfinished write).
        case replayed(SessionState?, entries: Int, length: Int)
        /// A complete line cannot be read or does not fit.
        case damaged
    }

    /// Replays `journal` onto `state` (nil when there is no state file), if its header names
    /// one of `bases` (the state file's, by content and in the legacy form).
    static func replay(_ journal: Data, bases: [String], onto state: SessionState?) -> Replay {
        let newline = UInt8(ascii: "\n")
        let lines: [Range<Int>] = journal.withUnsafeBytes { bytes in
            var lines: [Range<Int>] = []
            var start = 0
            for index in 0..<bytes.count where bytes[index] == newline {
                lines.append(start..<index)
                start = index + 1
            }
            return lines
        }
        guard let headerRange = lines.first else { return .stale(lastTurnCount: nil) }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        guard let header = try? decoder.decode(Header.self, from: journal.subdata(in: headerRange)),
              header.journal == formatVersion else { return .damaged }
        guard bases.contains(header.base) else {
            let last = lines.count > 1 ? lines.last.flatMap { try? decoder.decode(Entry.self, from: journal.subdata(in: $0)) } : nil
            return .stale(lastTurnCount: last?.turnCount)
        }
        var current = state
        for range in lines.dropFirst() {
            guard let entry = try? decoder.decode(Entry.self, from: journal.subdata(in: range)) else { return .damaged }
            guard entry.version <= SessionState.schemaVersion else { return .damaged }
            var next = current ?? SessionState(user: entry.user)
            guard entry.apply(to: &next) else { return .damaged }
            current = next
        }
        return .replayed(current, entries: lines.count - 1, length: (lines.last?.upperBound ?? -1) + 1)
    }

    /// The bytes of a new journal: its header and first entry, written with one `write`.
    static func encodeHeader(base: String) throws -> Data {
        var data = try JSONEncoder().encode(Header(journal: formatVersion, base: base))
        data.append(UInt8(ascii: "\n"))
        return data
    }

    /// One entry as a line.
    static func encode(_ entry: Entry) throws -> Data {
        if JournalLineWriter.knowsTheEngineTypes { return JournalLineWriter.line(entry) }
        return try encodeWithFoundation(entry)
    }

    /// One entry as a line, by `JSONEncoder`.
    static func encodeWithFoundation(_ entry: Entry) throws -> Data {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.withoutEscapingSlashes]
        var data = try encoder.encode(entry)
        data.append(UInt8(ascii: "\n"))
        return data
    }
}

/// Writes a journal entry as JSON by hand: a turn's save is the daemon's hottest path, and
/// `JSONEncoder` spends most of its time in its generic containers.
///
/// It writes what `JSONEncoder` would (nil values left out, dates in ISO 8601 to the second;
/// DEL, C1 controls and U+2028/U+2029 escaped, as `JSONOutput` escapes them everywhere), and is used only while the engine's types have the fields it knows (checked
/// once by reflection): a field added to `SessionState` or its parts makes the journal fall
/// back to `JSONEncoder` rather than drop it.
struct JournalLineWriter {
    private var output: JSONOutput

    private init(capacity: Int) {
        output = JSONOutput(capacity: capacity)
    }

    /// The fields each type had when this writer was written, in declaration order.
    static let knowsTheEngineTypes: Bool = {
        func labels(_ value: Any) -> [String] { Mirror(reflecting: value).children.compactMap(\.label) }
        var context = DialogueContext()
        context.assessment = Assessment()
        return labels(Turn(user: "", intent: "", reply: "", at: nil)) == ["user", "intent", "reply", "at", "kind"]
            && labels(Profile()) == ["name", "discipline", "experienceYears", "industry", "role"]
            && labels(context) == [
                "topic", "depth", "choices", "choicesAreClarification", "assessment", "misses", "lastStems", "area", "focus",
                "offer", "conclusion", "alternatives", "askingFor",
            ]
            && labels(Conclusion(intent: "", verdict: "", answers: [:])) == ["intent", "verdict", "answers"]
            && labels(Choice(intent: "", label: "")) == ["intent", "label"]
            && labels(Assessment()) == ["step", "answers", "isPaused"]
            && labels(SessionState(user: "")) == ["version", "user", "profile", "context", "turns", "turnCount", "createdAt", "updatedAt"]
    }()

    /// The entry as one line, newline included.
    static func line(_ entry: SessionJournal.Entry) -> Data {
        var writer = JournalLineWriter(capacity: 1024 + entry.add.reduce(0) { $0 + $1.reply.utf8.count + $1.user.utf8.count })
        writer.write(entry)
        writer.output.raw("\n")
        return Data(writer.output.bytes)
    }

    private mutating func write(_ entry: SessionJournal.Entry) {
        var object = JSONObject()
        object.key("keep", &output); output.int(entry.keep)
        object.key("add", &output); output.array(entry.add) { output, turn in Self.write(turn, to: &output) }
        object.key("version", &output); output.int(entry.version)
        object.key("user", &output); output.string(entry.user)
        object.key("profile", &output); write(entry.profile)
        object.key("context", &output); write(entry.context)
        object.key("turnCount", &output); output.int(entry.turnCount)
        if let date = entry.createdAt { object.key("createdAt", &output); output.date(date) }
        if let date = entry.updatedAt { object.key("updatedAt", &output); output.date(date) }
        object.end(&output)
    }

    private static func write(_ turn: Turn, to output: inout JSONOutput) {
        var object = JSONObject()
        object.key("user", &output); output.string(turn.user)
        object.key("intent", &output); output.string(turn.intent)
        object.key("reply", &output); output.string(turn.reply)
        if let date = turn.at { object.key("at", &output); output.date(date) }
        if let kind = turn.kind { object.key("kind", &output); output.string(kind) }
        object.end(&output)
    }

    private mutating func write(_ profile: Profile) {
        var object = JSONObject()
        if let value = profile.name { object.key("name", &output); output.string(value) }
        if let value = profile.discipline { object.key("discipline", &output); output.string(value) }
        if let value = profile.experienceYears { object.key("experienceYears", &output); output.int(value) }
        if let value = profile.industry { object.key("industry", &output); output.string(value) }
        if let value = profile.role { object.key("role", &output); output.string(value) }
        object.end(&output)
    }

    private mutating func write(_ context: DialogueContext) {
        var object = JSONObject()
        if let value = context.topic { object.key("topic", &output); output.string(value) }
        object.key("depth", &output); output.int(context.depth)
        object.key("choices", &output); output.choices(context.choices)
        object.key("choicesAreClarification", &output); output.bool(context.choicesAreClarification)
        if let assessment = context.assessment {
            object.key("assessment", &output)
            var inner = JSONObject()
            inner.key("step", &output); output.int(assessment.step)
            inner.key("answers", &output); output.stringMap(assessment.answers, sortedBy: { $0 < $1 })
            inner.key("isPaused", &output); output.bool(assessment.isPaused)
            inner.end(&output)
        }
        object.key("misses", &output); output.int(context.misses)
        object.key("lastStems", &output); output.strings(context.lastStems)
        if let value = context.area { object.key("area", &output); output.string(value) }
        if let value = context.focus { object.key("focus", &output); output.string(value) }
        if let value = context.offer { object.key("offer", &output); output.string(value) }
        if let conclusion = context.conclusion {
            object.key("conclusion", &output)
            var inner = JSONObject()
            inner.key("intent", &output); output.string(conclusion.intent)
            inner.key("verdict", &output); output.string(conclusion.verdict)
            inner.key("answers", &output); output.stringMap(conclusion.answers, sortedBy: { $0 < $1 })
            inner.end(&output)
        }
        if let value = context.alternatives { object.key("alternatives", &output); output.strings(value) }
        if let value = context.askingFor { object.key("askingFor", &output); output.string(value) }
        object.end(&output)
    }
}
