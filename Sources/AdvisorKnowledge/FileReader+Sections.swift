import AdvisorEngine
import Foundation
import Yams

/// The sections of a knowledge-base file besides intents: the assessment, unknown facets,
/// the source and its claims, answers, and what the dialogue needs.
extension FileReader {
    /// Reads `assessment:`: the words of yes/no answers, the questions, the verdict rules,
    /// the verdicts' prose and the lines on experience.
    mutating func assessment(_ node: Node, into assessment: inout AssessmentDefinition) {
        guard let mapping = node.mapping else { fail("'assessment' must be a mapping of yes_no, no_experience, questions, rules, verdicts and experience", node); return }
        func words(_ value: Node, _ what: String) -> [String] { strings(value, what: what).map(\.value) }
        for (key, value) in mapping {
            switch key.string {
            case "yes_no":
                guard let fields = value.mapping else { fail("'yes_no' must be a mapping of word lists", value); continue }
                for (name, list) in fields {
                    let items = words(list, "'\(name.string ?? "?")' of 'yes_no'")
                    switch name.string {
                    case "unsure_phrases": assessment.yesNo.unsurePhrases = items.map { TextFolding.tokens($0) }
                    case "no_phrases": assessment.yesNo.noPhrases = items.map { TextFolding.tokens($0) }
                    case "unsure": assessment.yesNo.unsure = Set(items)
                    case "no": assessment.yesNo.no = Set(items)
                    case "yes": assessment.yesNo.yes = Set(items)
                    case "yes_openers": assessment.yesNo.yesOpeners = Set(items)
                    default: fail("unknown yes_no key '\(name.string ?? "?")'; expected unsure_phrases, no_phrases, unsure, no, yes or yes_openers", name)
                    }
                }
            case "no_experience":
                assessment.noExperience = words(value, "'no_experience'")
            case "questions":
                guard let list = value.sequence else { fail("'questions' must be a list", value); continue }
                for item in list {
                    if let question = assessmentQuestion(item) { assessment.questions.append(question) }
                }
            case "rules":
                guard let list = value.sequence else { fail("'rules' must be a list of {verdict, when}", value); continue }
                for item in list {
                    guard let fields = item.mapping, let verdictNode = fields["verdict"], let verdict = verdictNode.string else {
                        fail("a rule must be a mapping with a 'verdict' (and 'when' conditions)", item)
                        continue
                    }
                    var conditions: [(question: Located<String>, answers: [String])] = []
                    if let when = fields["when"] {
                        guard let pairs = when.mapping else { fail("'when' must be a mapping of question: answer(s)", when); continue }
                        for (question, answers) in pairs {
                            conditions.append((Located(question.string ?? "", at: location(question)), words(answers, "answers of a rule")))
                        }
                    }
                    for (name, _) in fields where !["verdict", "when"].contains(name.string ?? "") {
                        fail("unknown rule key '\(name.string ?? "?")'; expected verdict or when", name)
                    }
                    assessment.rules.append(.init(verdict: Located(verdict, at: location(verdictNode)), conditions: conditions))
                }
            case "verdicts":
                guard let verdicts = value.mapping else { fail("'verdicts' must be a mapping of verdict: {line, next_steps, closing}", value); continue }
                for (name, fields) in verdicts {
                    guard let id = name.string, let fields = fields.mapping else { fail("a verdict must be a name with line, next_steps and closing", name); continue }
                    var verdict = FitAssessment.Verdict(id: id, line: "", nextSteps: [], closing: "")
                    for (field, text) in fields {
                        switch field.string {
                        case "line": verdict.line = text.string ?? ""
                        case "next_steps": verdict.nextSteps = words(text, "'next_steps' of verdict '\(id)'")
                        case "closing": verdict.closing = text.string ?? ""
                        default: fail("unknown verdict key '\(field.string ?? "?")'; expected line, next_steps or closing", field)
                        }
                    }
                    if verdict.line.isBlank { fail("verdict '\(id)' needs a 'line'", name) }
                    assessment.verdicts.append(verdict)
                }
            case "experience":
                guard let list = value.sequence else { fail("'experience' must be a list of {max, text}", value); continue }
                for item in list {
                    guard let fields = item.mapping, let text = fields["text"]?.string else { fail("an experience line needs 'text' (and 'max' years)", item); continue }
                    let max = fields["max"].flatMap { $0.string }.flatMap { Int($0) }
                    if fields["max"] != nil && max == nil { fail("'max' must be a whole number of years", fields["max"]) }
                    assessment.experienceBands.append((max, text))
                }
            default:
                fail("unknown assessment key '\(key.string ?? "?")'; expected yes_no, no_experience, questions, rules, verdicts or experience", key)
            }
        }
    }

    mutating func assessmentQuestion(_ node: Node) -> AssessmentDefinition.QuestionDefinition? {
        guard let fields = node.mapping, let idNode = fields["id"], let id = idNode.string, let kindNode = fields["kind"], let kind = kindNode.string else {
            fail("a question needs an 'id' and a 'kind'", node)
            return nil
        }
        var question = AssessmentDefinition.QuestionDefinition(id: Located(id, at: location(idNode)), kind: Located(kind, at: location(kindNode)))
        for (key, value) in fields {
            switch key.string {
            case "id", "kind": break
            case "text": question.text = value.string ?? ""
            case "hint": question.hint = value.string ?? ""
            case "explanation": question.explanation = value.string ?? ""
            case "terms": question.terms = strings(value, what: "'terms' of question '\(id)'").map(\.value)
            case "choices":
                guard let choices = value.mapping else { fail("'choices' must be a mapping of choice: [words]", value); continue }
                for (choice, words) in choices {
                    question.choices.append((choice.string ?? "", strings(words, what: "words of choice '\(choice.string ?? "?")'").map(\.value)))
                }
            case "yes_no":
                guard let meanings = value.mapping else { fail("'yes_no' must be a mapping of yes/no/unsure: choice", value); continue }
                for (answer, choice) in meanings {
                    guard let said = answer.string, let picked = choice.string else {
                        fail("'yes_no' must be a mapping of yes/no/unsure: choice", answer)
                        continue
                    }
                    question.yesNoMeans.append((Located(said, at: location(answer)), Located(picked, at: location(choice))))
                }
            case "reasons":
                guard let reasons = value.mapping else { fail("'reasons' must be a mapping of answer: {for: text} or {against: text}", value); continue }
                for (answer, reason) in reasons {
                    guard let pair = reason.mapping, pair.count == 1, let side = pair.first?.key.string, ["for", "against"].contains(side),
                          let text = pair.first?.value.string
                    else {
                        fail("a reason must be {for: text} or {against: text}", reason)
                        continue
                    }
                    question.reasons.append((Located(answer.string ?? "", at: location(answer)), side == "for", text))
                }
            default:
                fail("unknown question key '\(key.string ?? "?")'; expected id, kind, text, hint, explanation, terms, choices, yes_no or reasons", key)
            }
        }
        return question
    }

    /// Reads one facet of `unknown_facets:`.
    mutating func unknownFacet(_ node: Node) -> UnknownFacetDefinition? {
        guard let fields = node.mapping else { fail("an unknown facet must be a mapping of id, title, name, concepts, answer and ask", node); return nil }
        var values: [String: Node] = [:]
        for (key, value) in fields {
            guard let name = key.string, ["id", "title", "name", "concepts", "answer", "ask"].contains(name) else {
                fail("unknown facet key '\(key.string ?? "?")'; expected id, title, name, concepts, answer or ask", key)
                continue
            }
            values[name] = value
        }
        guard let idNode = values["id"], let id = idNode.string, !id.isBlank else { fail("an unknown facet needs an 'id'", node); return nil }
        return UnknownFacetDefinition(
            id: Located(id, at: location(idNode)), title: values["title"]?.string ?? id, name: values["name"]?.string ?? id,
            concepts: values["concepts"].map { strings($0, what: "'concepts' of unknown facet '\(id)'") } ?? [],
            answer: answer(values["answer"], key: "answer", intent: "unknown facet " + id),
            ask: (values["ask"].map { strings($0, what: "'ask' of unknown facet '\(id)'") } ?? []).map(\.value))
    }

    /// Reads `source:`: the document the file's claims come from.
    mutating func source(_ node: Node) {
        guard let fields = node.mapping else { fail("'source' must be a mapping of id, name, title, date and background_label", node); return }
        var values: [String: String] = [:]
        for (key, value) in fields {
            guard let name = key.string, ["id", "name", "title", "date", "background_label"].contains(name) else {
                fail("unknown source key '\(key.string ?? "?")'; expected id, name, title, date or background_label", key)
                continue
            }
            guard let text = value.string, !text.isBlank else { fail("'\(name)' of the source must be text", value); continue }
            values[name] = text
        }
        guard let id = values["id"], let name = values["name"] else { fail("a source needs an 'id' and a 'name'", node); return }
        let document = SourceDocument(
            id: id, name: name, title: values["title"] ?? "", date: values["date"] ?? "",
            backgroundLabel: values["background_label"] ?? SourceDocument.defaultBackgroundLabel)
        sourceDefinition = SourceDefinition(
            document: document, location: location(node), declaresBackgroundLabel: values["background_label"] != nil)
    }

    /// Reads `claims:`: a list of {id, section, claim}.
    mutating func claims(_ node: Node) -> [(id: Located<String>, section: String, text: String)] {
        guard let list = node.sequence else { fail("'claims' must be a list of {id, section, claim}", node); return [] }
        var claims: [(id: Located<String>, section: String, text: String)] = []
        for item in list {
            guard let fields = item.mapping else { fail("a claim must be a mapping of id, section and claim", item); continue }
            var id: Located<String>?
            var section = ""
            var text = ""
            for (key, value) in fields {
                switch key.string {
                case "id": id = value.string.map { Located($0, at: location(value)) }
                case "section": section = value.string ?? ""
                case "claim": text = value.string ?? ""
                default: fail("unknown claim key '\(key.string ?? "?")'; expected id, section or claim", key)
                }
            }
            guard let id, !id.value.isBlank else { fail("a claim needs an 'id'", item); continue }
            claims.append((id, section, text))
        }
        return claims
    }

    /// An answer, `more` or `why`: plain text (one block without provenance), or a list of
    /// blocks, each `source: [claim ids]` with `text:`, or `background:` / `advisor:` text.
    mutating func answer(_ node: Node?, key: String, intent id: String) -> AnswerDefinition {
        guard let node else { return AnswerDefinition(blocks: []) }
        if let scalar = node.scalar { return AnswerDefinition(scalar.string, at: location(node)) }
        guard let list = node.sequence else {
            fail("'\(key)' of intent '\(id)' must be text or a list of blocks", node)
            return AnswerDefinition(blocks: [])
        }
        var blocks: [BlockDefinition] = []
        for item in list {
            guard let fields = item.mapping else {
                fail("a block of '\(key)' of intent '\(id)' must be a mapping: source + text, background or advisor", item)
                continue
            }
            var provenance: AnswerBlock.Provenance?
            var claims: [Located<String>] = []
            var text: String?
            for (name, value) in fields {
                switch name.string {
                case "source":
                    provenance = .source
                    claims = strings(value, what: "'source' of a block of intent '\(id)'")
                case "text":
                    text = value.string
                case "background", "advisor":
                    provenance = name.string == "background" ? .background : .advisor
                    text = value.string
                default:
                    fail("unknown block key '\(name.string ?? "?")'; expected source (with text), background or advisor", name)
                }
            }
            guard let provenance, let text, !text.isBlank else {
                fail("a block of '\(key)' of intent '\(id)' needs 'source:' with 'text:', or 'background:' or 'advisor:' text", item)
                continue
            }
            blocks.append(BlockDefinition(provenance: provenance, claims: claims, text: text, location: location(item)))
        }
        return AnswerDefinition(blocks: blocks)
    }

    /// Reads the `dialogue:` section: `roles`, `areas` and `readings`.
    mutating func dialogue(_ node: Node, into dialogue: inout DialogueDefinition) {
        guard let mapping = node.mapping else { fail("'dialogue' must be a mapping with 'roles', 'areas' and 'readings'", node); return }
        for (key, value) in mapping {
            switch key.string {
            case "roles":
                guard let roles = value.mapping else { fail("'roles' must be a mapping of role: intent id", value); continue }
                for (role, intent) in roles {
                    guard let roleText = role.string, let intentText = intent.string, !intentText.isEmpty else {
                        fail("a dialogue role must map a role name to an intent id", role)
                        continue
                    }
                    dialogue.roles.append((Located(roleText, at: location(role)), Located(intentText, at: location(intent))))
                }
            case "areas":
                guard let areas = value.mapping else { fail("'areas' must be a mapping of area name: {title, overview, ...}", value); continue }
                for (name, fields) in areas {
                    if let area = area(name, fields) { dialogue.areas.append(area) }
                }
            case "readings":
                guard let list = value.sequence else { fail("'readings' must be a list", value); continue }
                for item in list {
                    if let reading = reading(item) { dialogue.readings.append(reading) }
                }
            case "comparisons":
                dialogue.comparisons = strings(value, what: "'comparisons'")
            case "after_result":
                dialogue.afterResult = strings(value, what: "'after_result'")
            default:
                fail("unknown dialogue key '\(key.string ?? "?")'; expected roles, areas, readings, comparisons or after_result", key)
            }
        }
    }

    mutating func area(_ name: Node, _ node: Node) -> AreaDefinition? {
        guard let nameText = name.string, !nameText.isEmpty, let fields = node.mapping else {
            fail("an area must be a name with a mapping of title, overview, taught_by and kinds", name)
            return nil
        }
        var area = AreaDefinition(name: Located(nameText, at: location(name)), title: nameText)
        for (key, value) in fields {
            switch key.string {
            case "title": area.title = value.string ?? nameText
            case "about": area.about = value.string
            case "personal": area.personal = value.string
            case "overview": area.overview = value.string.map { Located($0, at: location(value)) }
            case "taught_by": area.taughtBy = value.string.map { Located($0, at: location(value)) }
            case "kind_topic": area.kindTopic = value.string.map { Located($0, at: location(value)) }
            case "kinds": area.kinds = strings(value, what: "'kinds' of area '\(nameText)'")
            case "qualifies_unknown": area.qualifiesUnknown = value.bool ?? false
            default: fail("unknown area key '\(key.string ?? "?")'; expected title, about, overview, taught_by, kind_topic, kinds, personal or qualifies_unknown", key)
            }
        }
        return area
    }

    mutating func reading(_ node: Node) -> ReadingDefinition? {
        guard let fields = node.mapping else { fail("a reading must be a mapping of words, default and area: intent", node); return nil }
        var words: [Located<String>] = []
        var intents: [(area: String, intent: Located<String>)] = []
        var defaultIntent: Located<String>?
        for (key, value) in fields {
            guard let name = key.string else { fail("a reading key must be text", key); continue }
            switch name {
            case "words": words = strings(value, what: "'words' of a reading")
            case "default": defaultIntent = value.string.map { Located($0, at: location(value)) }
            default:
                guard let intent = value.string else { fail("'\(name)' of a reading must be an intent id", value); continue }
                intents.append((name, Located(intent, at: location(value))))
            }
        }
        guard !words.isEmpty, let defaultIntent else {
            fail("a reading needs 'words' and a 'default' intent", node)
            return nil
        }
        return ReadingDefinition(words: words, intents: intents, defaultIntent: defaultIntent, location: location(node))
    }
}
