@testable import AdvisorEngine
import Testing

@Suite struct ProfileExtractorTests {
    private func extract(_ text: String) -> ProfileExtractor.Update {
        ProfileExtractor.extract(from: text)
    }

    @Test func wordsKeepCaseJoinApostrophesAndSplitOnEverythingElse() {
        #expect(ProfileExtractor.words("I'm Priya, a mech engineer (4 yrs) at Tata—R&D!") == ["Im", "Priya", "a", "mech", "engineer", "4", "yrs", "at", "Tata", "R&D"])
        #expect(ProfileExtractor.words("I’ve  worked\tin pharma... ' ’ ") == ["Ive", "worked", "in", "pharma"])
        #expect(ProfileExtractor.words("José, 3 años; 😀 中文") == ["José", "3", "años", "中文"])
        #expect(ProfileExtractor.words("") == [])
    }

    @Test func wordsKeepDecimalsAndDegreesWholeAndSplitNumbersFromUnits() {
        #expect(ProfileExtractor.words("2.5 years, B.Tech, B.E. mech, 3yrs, two-wheeler") == ["2.5", "years", "BTech", "BE", "mech", "3", "yrs", "two", "wheeler"])
    }

    @Test func clausesSplitAtSentenceEndsCommasAndBut() {
        let clauses = ProfileExtractor.clauses("Good evening. I am Anil, B.Tech mech; in auto but want EV! Is EV good? Rahul here - mech\nok")
        #expect(clauses.map { $0.words.joined(separator: " ") } == [
            "Good evening", "I am Anil", "BTech mech", "in auto", "but want EV", "Is EV good", "Rahul here", "mech", "ok",
        ])
        #expect(clauses.map(\.endsWithQuestionMark) == [false, false, false, false, false, true, false, false, false])
        // "B.E." closes no sentence; "Kindly guide me." does.
        #expect(ProfileExtractor.clauses("I did B.E. in mech. Kindly guide me.I am Anil").count == 3)
    }

    @Test func firstPersonStatementsFillTheProfile() {
        let update = extract("Hi, I'm Priya, a mechanical engineer with 4 years of experience in an auto plant")
        #expect(update.name == "Priya")
        #expect(update.discipline == "mechanical")
        #expect(update.experienceYears == 4)
        #expect(update.industry == "automotive")
        let role = extract("I work as a quality engineer in the steel industry")
        #expect(role.role == "quality engineer")
        #expect(role.industry == "steel")
    }

    @Test func questionsAboutTheProgrammeSetNothing() {
        #expect(extract("is the course 2 years long?").isEmpty)
        #expect(extract("what does a plant manager do in the auto industry").isEmpty)
        #expect(extract("my course is 2 years long").experienceYears == nil)
    }

    // MARK: - Names

    @Test func namesFromIndianIntroductionsAreCapitalised() {
        let cases: [(String, String)] = [
            ("myself Priya", "Priya"), ("Myself priya from chennai", "Priya"), ("im vikram", "Vikram"),
            ("i am Anil", "Anil"), ("This is Rahul here", "Rahul"), ("my name is Kiran", "Kiran"),
            ("Rahul here, mech engg", "Rahul"), ("hi this is rahul here", "Rahul"), ("Hello sir, I'm SNEHA", "Sneha"),
            ("my name's deepak", "Deepak"), ("you can call me Raj", "Raj"), ("i m arjun from pune", "Arjun"),
            ("Am Priya from chennai, mech engg", "Priya"), ("i am Javed", "Javed"),
        ]
        for (text, name) in cases {
            #expect(extract(text).name == name, "\(text)")
        }
        #expect(extract("Rahul here, mech engg").discipline == "mechanical")
    }

    @Test func wordsThatDescribeTheWriterAreNeverNames() {
        let words = [
            "asking", "confused", "interested", "working", "from", "in", "a", "not", "sure", "looking", "planning",
            "thinking", "fresher", "student", "engineer", "mechanical", "here", "also", "just", "currently", "new",
            "electronics", "automotive", "pharma", "steel", "mech", "eligible", "keen", "ready", "hopeful", "pursuing",
            "Confused", "INTERESTED", "good", "an", "the", "one", "two", "indian", "mba", "btech", "graduate", "passout",
        ]
        for word in words {
            for opener in ["i am", "im", "I'm", "myself", "this is", "my name is"] {
                #expect(extract("\(opener) \(word)").name == nil, "\(opener) \(word)")
            }
            #expect(extract("\(word) here").name == nil, "\(word) here")
        }
        let sentences = [
            "i am confused", "i am in automotive", "im looking for a job", "I am asking about EV", "i am not sure",
            "I am eligible for GATE", "i am keen to learn", "I am Chennai based", "this is great", "this is regarding EV",
            "i am bit confused", "newbie here", "anyone here?", "I am a fresher", "I am from Pune",
        ]
        for sentence in sentences {
            #expect(extract(sentence).name == nil, "\(sentence)")
        }
    }

    // MARK: - Experience

    @Test func experienceFromHowStudentsSayIt() {
        let cases: [(String, Int)] = [
            ("I am working in a tyre plant since 3 years", 3), ("Anil here, 3 yrs exp in quality", 3),
            ("I have 4+ years in auto", 4), ("I have two years experience", 2), ("i have 2.5 years of experience", 2),
            ("I have been working for 6 yrs", 6), ("I am having 3 years experience in maintenance", 3),
            ("Rahul here, mech engg, 3yrs", 3), ("I have one and a half years experience", 1),
            ("I'm Anil, 5 years in total, 2 years in my current company", 5), ("i have 0 years experience", 0),
            ("I have 3 yrs exp", 3), ("I am Ravi, working for 6 yrs in a cement plant", 6),
        ]
        for (text, years) in cases {
            #expect(extract(text).experienceYears == years, "\(text)")
        }
    }

    @Test func freshersStudentsAndNoExperienceMeanZero() {
        for text in [
            "I am a fresher", "fresher here, mech engg", "I am a final year student", "i have no experience",
            "I don't have any work experience", "I'm in final year of B.Tech", "i am pursuing btech in mechanical",
        ] {
            #expect(extract(text).experienceYears == 0, "\(text)")
        }
        #expect(extract("I am a final year student").role == "student")
        #expect(extract("I am a fresher with 1 year internship").experienceYears == 0)
        #expect(extract("I am not a fresher, I have 3 years in steel").experienceYears == 3)
        #expect(extract("I don't have much experience").experienceYears == nil)
    }

    @Test func yearsThatAreNotWorkSetNothing() {
        for text in [
            "I am a 2019 passout", "2019 passout", "I am 24 years old", "I graduated 2 years ago", "I did a 2 year diploma",
            "In 2 years I want to be a plant manager", "my course is 2 years long", "I have a 2 year gap",
        ] {
            #expect(extract(text).experienceYears == nil, "\(text)")
        }
    }

    @Test func questionsNeverSetExperience() {
        for text in [
            "is the course 2 years", "is the course 2 years?", "is 2 yrs experience enough", "is 2 yrs experience enough?",
            "I have a doubt, is 3 years experience needed?", "can i join with 2 years experience", "what if I have 4 years",
            "do I need 2 years of experience?",
        ] {
            #expect(extract(text).experienceYears == nil, "\(text)")
        }
    }

    // MARK: - Industry and role

    @Test func industriesFromShopfloorWords() {
        let cases: [(String, String)] = [
            ("I work in a two-wheeler company", "automotive"), ("i am in two wheeler sector", "automotive"),
            ("I'm at a 2 wheeler plant", "automotive"), ("I work in an auto component company", "automotive"),
            ("I work in an automobile plant", "automotive"), ("I am in automotive", "automotive"),
            ("I handle SMT lines", "electronics"), ("I am in electronics manufacturing", "electronics"),
            ("I work in a tyre plant", "tyres"), ("I work in the steel industry", "steel"),
            ("I am in pharma", "pharmaceuticals"), ("I am from auto background", "automotive"),
            ("I work in an electric vehicle startup", "EV"), ("I'm Meera, 5 yrs in an electronics EMS company", "electronics"),
        ]
        for (text, industry) in cases {
            #expect(extract(text).industry == industry, "\(text)")
        }
        // A discipline is not an industry.
        #expect(extract("I am an electronics engineer").industry == nil)
        #expect(extract("I am an electronics engineer").discipline == "electronics")
        #expect(extract("I am from electronics background").industry == nil)
    }

    @Test func rolesFromIndianJobTitles() {
        let cases: [(String, String)] = [
            ("I am shift incharge in a steel plant", "shift in-charge"), ("working as shift in-charge", "shift in-charge"),
            ("I am a production engineer", "production engineer"), ("I work as maintenance engineer", "maintenance engineer"),
            ("I am a quality engineer", "quality engineer"), ("I'm a mechanical design engineer", "design engineer"),
            ("I am working as process engineer", "process engineer"), ("I joined Tata Motors as GET", "graduate engineer trainee"),
            ("i am working as get in L&T", "graduate engineer trainee"), ("I am a graduate engineer trainee", "graduate engineer trainee"),
            ("I am a supervisor", "supervisor"), ("I am production supervisor at a tyre plant", "production supervisor"),
            ("I'm Anil, maintenance engineer at Tata Steel", "maintenance engineer"), ("I am a QA engineer", "QA engineer"),
        ]
        for (text, role) in cases {
            #expect(extract(text).role == role, "\(text)")
        }
        // "production engineer" is a job, not the production discipline.
        #expect(extract("I am a production engineer").discipline == nil)
        for text in ["I report to the plant manager", "I want to become a plant manager", "I will get a job soon", "my father is a supervisor"] {
            #expect(extract(text).role == nil, "\(text)")
        }
    }

    // MARK: - Statements, not questions

    @Test func questionsAndRequestsSetNothing() {
        for text in [
            "is EV good for me?", "what about automotive?", "I am asking about EV", "i am asking about electronics not auto",
            "i want to know about EV sector", "tell me about pharma", "Kindly tell me about the steel industry",
            "what does a production engineer do?", "I have a query regarding the auto industry", "is a two wheeler company good",
            "which is better, pharma or FMCG", "I want to move into the EV sector", "my brother works in a steel plant",
            "can a maintenance engineer in steel join?", "how about SMT lines", "i am not in pharma",
        ] {
            #expect(extract(text).isEmpty, "\(text)")
        }
    }

    @Test func aStatementBeforeAQuestionKeepsOnlyTheStatement() {
        let update = extract("i am in automotive only, is EV good for me?")
        #expect(update.industry == "automotive")
        #expect(update.role == nil)
        #expect(extract("I am in automotive. What about EV?").industry == "automotive")
        #expect(extract("I am in auto but want to know about EV").industry == "automotive")
        #expect(extract("I have 3 yrs in steel, is 2 yrs experience enough?").experienceYears == 3)
        #expect(extract("I'm in auto and want to move to EV").industry == "automotive")
        #expect(extract("I have 3 years in a steel plant is it enough?").industry == "steel")
        // A question breaks the run of statements: "B.Tech mech" after it could be anything.
        #expect(extract("I am Anil. What is the fee? 2 yrs in auto").experienceYears == nil)
    }

    @Test func longRamblingIntroductionGivesEverything() {
        let text = """
            Good evening. Kindly guide me. I am Anil, B.Tech mechanical 2021 passout, working as maintenance engineer \
            in a steel plant at Jamshedpur since 3 years. I am thinking whether to do MBA or MTech, my friend says \
            MBA is 2 years and costly. Please suggest.
            """
        let update = extract(text)
        #expect(update.name == "Anil")
        #expect(update.discipline == "mechanical")
        #expect(update.experienceYears == 3)
        #expect(update.industry == "steel")
        #expect(update.role == "maintenance engineer")
    }

    @Test func telegraphicIntroductionsContinueTheFirstClause() {
        let update = extract("hi, I'm Priya, mech engg, 4 yrs in an auto plant")
        #expect(update == ProfileExtractor.Update(name: "Priya", discipline: "mechanical", experienceYears: 4, industry: "automotive"))
        // Without an introduction first, a fragment is about nobody in particular.
        #expect(extract("I need guidance. Plant manager role in auto industry").isEmpty)
    }

    @Test func statementAboutSelfIsAFirstPersonStatementThatAsksNothing() {
        for sentence in [
            "I am Anil", "Rahul here", "i am in automotive only, is EV good for me?", "I am confused",
            "I have 3 years in steel", "myself priya", "I am Anil asking about EV",
        ] {
            #expect(ProfileExtractor.isStatementAboutSelf(sentence), "\(sentence)")
        }
        for sentence in [
            "is EV good for me?", "what about automotive?", "I am asking about EV", "i want to know about EV sector",
            "tell me about pharma", "kindly guide me", "the course is 2 years", "my brother is in pharma", "",
        ] {
            #expect(!ProfileExtractor.isStatementAboutSelf(sentence), "\(sentence)")
        }
    }
}

extension ProfileExtractor.Update {
    init(name: String? = nil, discipline: String? = nil, experienceYears: Int? = nil, industry: String? = nil, role: String? = nil) {
        self.init()
        self.name = name
        self.discipline = discipline
        self.experienceYears = experienceYears
        self.industry = industry
        self.role = role
    }
}
