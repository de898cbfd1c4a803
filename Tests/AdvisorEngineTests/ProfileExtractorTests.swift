@testable import AdvisorEngine
import Testing

@Suite struct ProfileExtractorTests {
    @Test func wordsKeepCaseJoinApostrophesAndSplitOnEverythingElse() {
        #expect(ProfileExtractor.words("I'm Priya, a mech engineer (4 yrs) at Tata—R&D!") == ["Im", "Priya", "a", "mech", "engineer", "4", "yrs", "at", "Tata", "R&D"])
        #expect(ProfileExtractor.words("I’ve  worked\tin pharma... ' ’ ") == ["Ive", "worked", "in", "pharma"])
        #expect(ProfileExtractor.words("José, 3 años; 😀 中文") == ["José", "3", "años", "中文"])
        #expect(ProfileExtractor.words("") == [])
    }

    @Test func firstPersonStatementsFillTheProfile() {
        let update = ProfileExtractor.extract(from: "Hi, I'm Priya, a mechanical engineer with 4 years of experience in an auto plant")
        #expect(update.name == "Priya")
        #expect(update.discipline == "mechanical")
        #expect(update.experienceYears == 4)
        #expect(update.industry == "automotive")
        let role = ProfileExtractor.extract(from: "I work as a quality engineer in the steel industry")
        #expect(role.role == "quality engineer")
        #expect(role.industry == "steel")
    }

    @Test func questionsAboutTheProgrammeSetNothing() {
        #expect(ProfileExtractor.extract(from: "is the course 2 years long?").isEmpty)
        #expect(ProfileExtractor.extract(from: "what does a plant manager do in the auto industry").isEmpty)
        #expect(ProfileExtractor.extract(from: "my course is 2 years long").experienceYears == nil)
    }
}
