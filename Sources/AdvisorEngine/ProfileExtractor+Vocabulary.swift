/// The words the extractor knows, and the table it looks them up in.
extension ProfileExtractor {
    // MARK: - Vocabulary

    /// What a word can mean to the reader; one look-up in `lexicon` gives all of it.
    struct WordClass: OptionSet, Sendable {
        let rawValue: UInt64

        /// Skipped at the start of a clause: "hi", "sir", "kindly", "so".
        static let filler = WordClass(rawValue: 1 << 0)
        static let firstPerson = WordClass(rawValue: 1 << 1)
        /// Opens a question: "what", "which", "how"; also "if", "whether".
        static let questionWord = WordClass(rawValue: 1 << 2)
        /// Opens a yes/no question: "is", "can", "should".
        static let auxiliary = WordClass(rawValue: 1 << 3)
        /// Follows an auxiliary in a question inside a statement: "is it", "can i".
        static let subject = WordClass(rawValue: 1 << 4)
        static let request = WordClass(rawValue: 1 << 5)
        /// A request after "to": "want to know", "wanted to check".
        static let requestAfterTo = WordClass(rawValue: 1 << 6)
        /// A wish, a plan or a doubt: what follows is not how things are.
        static let stance = WordClass(rawValue: 1 << 7)
        static let negation = WordClass(rawValue: 1 << 8)
        static let otherPerson = WordClass(rawValue: 1 << 9)
        static let possessive = WordClass(rawValue: 1 << 10)
        static let relative = WordClass(rawValue: 1 << 11)
        /// Opens a statement about oneself without "I": "working as GET", "fresher here".
        static let selfOpener = WordClass(rawValue: 1 << 12)
        static let notName = WordClass(rawValue: 1 << 13)
        /// After "I am X", shows X describes: "eligible for", "keen to", "aware of".
        static let notAfterName = WordClass(rawValue: 1 << 14)
        static let discipline = WordClass(rawValue: 1 << 15)
        static let disciplineContext = WordClass(rawValue: 1 << 16)
        static let industry = WordClass(rawValue: 1 << 17)
        static let workplace = WordClass(rawValue: 1 << 18)
        static let roleKind = WordClass(rawValue: 1 << 19)
        static let roleTitle = WordClass(rawValue: 1 << 20)
        /// A role on its own: "supervisor", "trainee".
        static let soloTitle = WordClass(rawValue: 1 << 21)
        static let roleModifier = WordClass(rawValue: 1 << 22)
        static let yearUnit = WordClass(rawValue: 1 << 23)
        static let experienceContext = WordClass(rawValue: 1 << 24)
        /// Speaks of a programme's length: "course", "mba", "long".
        static let duration = WordClass(rawValue: 1 << 25)
        /// Before a number of years, makes it a time ahead: "in 2 years", "after 2 years".
        static let notBeforeYears = WordClass(rawValue: 1 << 26)
        /// After a number of years, makes it not work: "2 years ago", "a 2 year course".
        static let notAfterYears = WordClass(rawValue: 1 << 27)
        static let clauseBreak = WordClass(rawValue: 1 << 28)
        /// Puts the writer somewhere: "in", "at", "working", "from".
        static let locator = WordClass(rawValue: 1 << 29)
        /// "I" as a subject: "I", "I'm", "I've".
        static let subjectI = WordClass(rawValue: 1 << 30)
        /// Says there is no experience before "experience": "no", "zero", "don't".
        static let noExperience = WordClass(rawValue: 1 << 31)
        /// "fresher", "student", "final", "studying", "pursuing".
        static let study = WordClass(rawValue: 1 << 32)
    }

    static let disciplines: [String: String] = [
        "mechanical": "mechanical", "mech": "mechanical", "electrical": "electrical", "eee": "electrical",
        "electronics": "electronics", "ece": "electronics", "civil": "civil", "chemical": "chemical", "chem": "chemical",
        "computer": "computer science", "cse": "computer science", "production": "production",
        "industrial": "industrial", "mechatronics": "mechatronics", "automobile": "automobile",
        "aerospace": "aerospace", "aeronautical": "aerospace", "instrumentation": "instrumentation",
        "metallurgy": "metallurgical", "metallurgical": "metallurgical", "textile": "textile",
        "manufacturing": "manufacturing", "petroleum": "petroleum", "mining": "mining",
    ]
    /// Count as a discipline on their own: "mech engg", "from ece".
    static let disciplineAbbreviations: Set<String> = ["mech", "ece", "cse", "eee"]

    static let industries: [String: String] = [
        "auto": "automotive", "automotive": "automotive", "automobile": "automotive", "automobiles": "automotive",
        "car": "automotive", "cars": "automotive", "wheeler": "automotive", "wheelers": "automotive",
        "twowheeler": "automotive", "twowheelers": "automotive", "fourwheeler": "automotive",
        "ev": "EV", "evs": "EV", "electric": "EV", "steel": "steel", "pharma": "pharmaceuticals",
        "pharmaceutical": "pharmaceuticals", "pharmaceuticals": "pharmaceuticals", "fmcg": "FMCG",
        "semiconductor": "semiconductors", "semiconductors": "semiconductors", "semicon": "semiconductors",
        "aerospace": "aerospace", "aviation": "aerospace", "oil": "oil and gas", "refinery": "oil and gas",
        "refineries": "oil and gas", "cement": "cement", "textile": "textiles", "textiles": "textiles",
        "food": "food processing", "chemicals": "chemicals", "electronics": "electronics", "smt": "electronics",
        "pcb": "electronics", "ems": "electronics", "tyre": "tyres", "tyres": "tyres", "tire": "tyres",
        "tires": "tyres", "consumer": "consumer goods", "packaging": "packaging", "plastics": "plastics",
        "power": "power", "mining": "mining", "construction": "construction", "defence": "defence",
        "defense": "defence", "railway": "railways", "railways": "railways", "fertilizer": "fertilisers",
        "fertiliser": "fertilisers", "fertilizers": "fertilisers", "fertilisers": "fertilisers", "sugar": "sugar",
        "telecom": "telecom",
    ]
    /// Industries that need no "in" or "plant" around them: "SMT lines", "2 wheeler".
    static let unmistakableIndustries: Set<String> = [
        "smt", "pcb", "wheeler", "wheelers", "twowheeler", "twowheelers", "fourwheeler",
    ]

    /// How a role kind is written in a role: "qa engineer" is "QA engineer".
    static let roleKindNames: [String: String] = [
        "qa": "QA", "qc": "QC", "npd": "NPD", "ppc": "PPC", "r&d": "R&D", "maintainance": "maintenance",
        "maintenence": "maintenance", "mantainance": "maintenance",
    ]

    /// How a role title is written in a role: "maintenance engg" is "maintenance engineer".
    static let roleTitleNames: [String: String] = ["engg": "engineer", "engr": "engineer", "mgr": "manager"]

    static let pastMarkers: Set<String> = ["started", "was", "were", "previously", "earlier", "formerly", "initially", "began"]

    static let studentOpeners: Set<String> = [
        "a", "an", "final", "year", "yr", "am", "im", "iam", "engineering", "engg", "btech", "be", "mtech", "diploma",
        "ug", "pg", "currently", "still", "college",
    ]
    static let degreeWords: Set<String> = [
        "btech", "be", "mtech", "engineering", "engg", "diploma", "degree", "bachelor", "bachelors", "bsc",
        "graduation", "year",
    ]
    static let experienceWords: Set<String> = ["experience", "exp", "experiance", "experince", "expirience"]
    static let experienceFillers: Set<String> = [
        "any", "work", "working", "job", "industry", "industrial", "professional", "prior", "real", "full", "time",
        "have", "has", "had", "got", "having", "an", "a", "of", "practical", "corporate", "previous",
    ]

    /// Every word the reader knows, with what it can mean; built once.
    static let lexicon: Lexicon = {
        var lexicon: [String: WordClass] = [:]
        func add(_ classes: WordClass, _ words: String) {
            for word in words.split(separator: " ") { lexicon[String(word), default: []].formUnion(classes) }
        }
        add(.filler, """
            hi hii hiii hello helo hlo hey heya dear sir sirs mam maam madam respected good morning afternoon evening \
            namaste namaskar greetings team so and but also ok okay k well then actually basically btw hmm hmmm please \
            pls plz kindly yes yeah ya yep thanks thank thankyou thx anyway anyways all everyone guys folks now no
            """)
        add(.firstPerson, "i im ive id iam my myself mine")
        add(.possessive, "my our his her their")
        add(.relative, """
            father mother dad mom papa mummy brother bro sister sis friend friends cousin uncle aunt husband wife son \
            daughter parents family senior seniors colleague colleagues boss relative relatives classmate classmates \
            roommate batchmate batchmates neighbour neighbor fiance spouse
            """)
        add(.otherPerson, "he she they his her their someone somebody people anyone anybody nobody everybody many most")
        add(.questionWord, "what whats which who whom whose why how hows when where wheres whether if suppose incase unless any anything kya kaise kaun")
        add(.auxiliary, "is isnt are arent am can could should shall will would do does did may might must")
        add(.subject, "i it this that there we you u me my these those they he she ev mba course program programme")
        add(.request, """
            asking ask asked asks enquire enquiring enquiry inquire inquiring inquiry query queries doubt doubts question \
            questions wondering wonder curious tell explain guide guidance help suggest suggestion suggestions advise \
            advice recommend recommendation information clarity clarify regarding
            """)
        add(.requestAfterTo, "know understand check learn explore find discuss")
        add(.stance, """
            want wants wanted wanna wish wishing hope hoping plan plans planning planned aspire aspiring dream dreaming \
            target targeting aim aiming interested interest considering consider thinking think looking prefer \
            preferring love keen eager willing become becoming switch switching transition move moving shifting change \
            changing need needs needed confused confusing unsure undecided torn worried scared afraid dilemma seeking \
            seek searching trying try exploring if unless suppose future someday maybe perhaps prepare preparing apply \
            applying offer offers offered interview opportunity will would might shall gonna
            """)
        add(.negation, """
            not never no dont didnt doesnt havent hasnt hadnt isnt wasnt arent werent cant cannot couldnt wont wouldnt \
            shouldnt nor neither without nothing none
            """)
        add(.selfOpener, "am working worked have having currently presently fresher pursuing studying doing completed graduated passed joined employed myself been")
        add(.notName, """
            a an the not so very really quite bit little too totally completely kind kinda sort somewhat pretty extremely \
            highly interested working looking currently presently confused new fresher freshers student students engineer \
            from in at into on of for to with by about as like doing planning thinking trying just also still good fine \
            ok okay sure unsure here there back done curious keen considering wondering glad happy worried excited going \
            stuck employed unemployed jobless married single tired bored busy free available ready able unable aware \
            unaware eligible qualified experienced skilled trained certified educated placed selected shortlisted \
            graduated passed based settled located posted hired fired laid retired basically actually honestly seriously \
            literally technically mainly mostly primarily only even ever never always usually generally probably \
            definitely certainly surely truly originally already yet again now then sorry grateful thankful proud lucky \
            unlucky fortunate blessed prepared capable great well alright all both either neither none nothing much few \
            several some each every other another such same different similar senior junior fresh hopeful helpless \
            hopeless stressed depressed frustrated disappointed satisfied dissatisfied unhappy sad comfortable \
            uncomfortable passionate fascinated inclined open weak strong poor average bad clear unclear lost more less \
            someone something this that these those it its your you us them we abroad overseas local native above below \
            over under through inside outside female male girl boy guy man woman lady person fellow newbie noob beginner \
            learner lurker member self selfemployed parttime fulltime mba btech mtech diploma graduate grad postgraduate \
            pg ug passout passedout final last first second third fourth fifth urgent important nice cool awesome wrong \
            correct right true false perfect exact exactly enough hard difficult easy relevant irrelevant expensive \
            costly cheap worth old get got gonna indian india nri confident ambitious motivated determined curious \
            responsible incharge engg engineering technician operator foreman
            """)
        add(.notAfterName, "about of for to that on by because whether than if regarding abt towards toward enough too so like based yet")
        add(.discipline, disciplines.keys.joined(separator: " "))
        add(.disciplineContext, """
            engineer engineers engineering engg eng engr graduate grad graduated student students background btech be \
            mtech bsc bachelor bachelors diploma degree major branch stream passout passedout passed dept department \
            tech undergrad ug pg
            """)
        add(.industry, industries.keys.joined(separator: " "))
        add(.workplace, """
            plant plants company companies industry industries sector factory factories firm oem oems unit units \
            manufacturer manufacturers manufacturing supplier suppliers mnc shopfloor line lines component components \
            parts ancillary ancillaries tier domain field side segment space major giant business background startup \
            processing works mill mills division vertical shop vehicle vehicles
            """)
        add(.roleKind, """
            quality production maintenance maintainance maintenence mantainance design process plant project \
            manufacturing operations service sales test testing reliability safety planning shift industrial automation \
            procurement logistics purchase r&d supply npd qa qc ppc tooling utility utilities site field application \
            commissioning management stores store line section area
            """)
        add(.roleTitle, "engineer engg engr mgr manager supervisor lead analyst executive head planner trainee intern officer technician specialist coordinator inspector")
        add(.soloTitle, "supervisor foreman technician trainee intern apprentice")
        add(.roleModifier, "senior sr junior jr assistant asst associate deputy dy chief current currently presently now also just")
        add(.yearUnit, "years year yrs yr yrz yearz")
        add(.experienceContext, """
            experience exp experiance experince expirience experienced working worked work works in at as been job have \
            having has had now since for into with employed total overall industry plant company field sector currently \
            presently till until past last
            """)
        add(.duration, "course program programme mba pgdm degree duration long semester semesters sem curriculum syllabus fees fee bond gap age")
        add(.notBeforeYears, "in after within next another every per")
        add(.notAfterYears, """
            ago old back gap later age internship training course program programme degree diploma mba pgdm bond break \
            before hence from more left ahead down
            """)
        add(.clauseBreak, "but however although though whereas")
        add(.locator, """
            in at into from for with within inside work works working worked handle handling joined employed make makes \
            making manufacture manufactures produce produces supply supplies
            """)
        add(.subjectI, "i im iam ive")
        add(.notName, numberWords.keys.joined(separator: " "))
        add(.noExperience, "no zero 0 nil dont didnt havent hasnt never not without")
        add(.study, "fresher student final studying pursuing")
        return Lexicon(lexicon)
    }()

    /// Words and their classes in an open-addressing table keyed by FNV-1a of the word's bytes:
    /// Swift's seeded `Hasher` costs more per word than the rest of the scan.
    struct Lexicon: Sendable {
        private let keys: [String]
        private let values: [WordClass]
        private let mask: Int

        init(_ words: [String: WordClass]) {
            var size = 16
            while size < words.count * 4 { size <<= 1 }
            var keys = Array(repeating: "", count: size)
            var values = Array(repeating: WordClass(), count: size)
            for (word, classes) in words {
                var slot = Self.hash(word.utf8) & (size - 1)
                while !keys[slot].isEmpty { slot = (slot + 1) & (size - 1) }
                keys[slot] = word
                values[slot] = classes
            }
            self.keys = keys
            self.values = values
            mask = size - 1
        }

        static func hash(_ bytes: some Sequence<UInt8>) -> Int {
            Int(truncatingIfNeeded: FNV1a.hash(bytes))
        }

        /// The classes of `word` (lowercased), whose bytes hash to `hash`.
        func classes(of word: String, hash: Int) -> WordClass {
            var slot = hash & mask
            while !keys[slot].isEmpty {
                if keys[slot] == word { return values[slot] }
                slot = (slot + 1) & mask
            }
            return []
        }

        subscript(word: String) -> WordClass {
            classes(of: word, hash: Self.hash(word.utf8))
        }
    }
}
