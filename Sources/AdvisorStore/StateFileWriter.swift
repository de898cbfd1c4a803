import AdvisorEngine
import Foundation

/// Writes a state file by hand, byte for byte what `JSONEncoder` writes with sorted keys and
/// ISO 8601 dates: the daemon rewrites a busy session's state file every few dozen turns, on
/// the connection's event loop, and `JSONEncoder` was most of that.
///
/// Like `JournalLineWriter`, it is used only while the engine's types have the fields it
/// knows (`JournalLineWriter.knowsTheEngineTypes`); a test compares it with `JSONEncoder`.
struct StateFileWriter {
    private var output: JSONOutput

    private init(capacity: Int) {
        output = JSONOutput(capacity: capacity)
    }

    static func data(_ state: SessionState) -> Data {
        var writer = StateFileWriter(capacity: 1024 + state.turns.reduce(0) { $0 + $1.reply.utf8.count + $1.user.utf8.count + 96 })
        writer.write(state)
        return Data(writer.output.bytes)
    }

    // Keys in sorted (byte) order.

    private mutating func write(_ state: SessionState) {
        var object = JSONObject()
        object.key("context", &output); write(state.context)
        if let date = state.createdAt { object.key("createdAt", &output); output.date(date) }
        object.key("profile", &output); write(state.profile)
        object.key("turnCount", &output); output.int(state.turnCount)
        object.key("turns", &output)
        output.array(state.turns) { output, turn in
            var object = JSONObject()
            if let date = turn.at { object.key("at", &output); output.date(date) }
            object.key("intent", &output); output.string(turn.intent)
            object.key("reply", &output); output.string(turn.reply)
            object.key("user", &output); output.string(turn.user)
            object.end(&output)
        }
        if let date = state.updatedAt { object.key("updatedAt", &output); output.date(date) }
        object.key("user", &output); output.string(state.user)
        object.key("version", &output); output.int(state.version)
        object.end(&output)
    }

    private mutating func write(_ context: DialogueContext) {
        var object = JSONObject()
        if let assessment = context.assessment {
            object.key("assessment", &output)
            var inner = JSONObject()
            inner.key("answers", &output); output.stringMap(assessment.answers, sortedBy: Self.byteOrder)
            inner.key("isPaused", &output); output.bool(assessment.isPaused)
            inner.key("step", &output); output.int(assessment.step)
            inner.end(&output)
        }
        if let value = context.alternatives { object.key("alternatives", &output); output.strings(value) }
        if let value = context.area { object.key("area", &output); output.string(value) }
        object.key("choices", &output); output.choices(context.choices)
        object.key("choicesAreClarification", &output); output.bool(context.choicesAreClarification)
        if let conclusion = context.conclusion {
            object.key("conclusion", &output)
            var inner = JSONObject()
            inner.key("answers", &output); output.stringMap(conclusion.answers, sortedBy: Self.byteOrder)
            inner.key("intent", &output); output.string(conclusion.intent)
            inner.key("verdict", &output); output.string(conclusion.verdict)
            inner.end(&output)
        }
        object.key("depth", &output); output.int(context.depth)
        if let value = context.focus { object.key("focus", &output); output.string(value) }
        object.key("lastStems", &output); output.strings(context.lastStems)
        object.key("misses", &output); output.int(context.misses)
        if let value = context.offer { object.key("offer", &output); output.string(value) }
        if let topic = context.topic { object.key("topic", &output); output.string(topic) }
        object.end(&output)
    }

    private static func byteOrder(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }

    private mutating func write(_ profile: Profile) {
        var object = JSONObject()
        if let value = profile.discipline { object.key("discipline", &output); output.string(value) }
        if let value = profile.experienceYears { object.key("experienceYears", &output); output.int(value) }
        if let value = profile.industry { object.key("industry", &output); output.string(value) }
        if let value = profile.name { object.key("name", &output); output.string(value) }
        if let value = profile.role { object.key("role", &output); output.string(value) }
        object.end(&output)
    }
}
