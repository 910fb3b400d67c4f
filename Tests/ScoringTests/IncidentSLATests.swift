import Chaos
@testable import Scoring
import Testing

/// `sla.incidents_below`: a run fails when an incident is graded at or above the named grade.
@Suite struct IncidentSLATests {
    func incident(_ system: String, _ grade: String) -> IncidentVerdict {
        IncidentVerdict(system: system, outageNanos: 6 * minute, grade: grade, label: grade, nearMiss: nil)
    }

    @Test func gradesAtOrAboveTheLimitFailAndBelowItPass() throws {
        let policy = try csrc()
        #expect(policy.grades.map(\.name) == ["serious", "major", "general"])
        let general = Scorecard.incidentCheck("major", incidents: [incident("margin", "general"), incident("online_trading", "none")], policy: policy)
        #expect(general.met && general.value == "margin graded general" && general.limit == "below major" && general.kind == .incident)
        let major = Scorecard.incidentCheck("major", incidents: [incident("margin", "general"), incident("online_trading", "major")], policy: policy)
        #expect(!major.met && major.value == "online_trading graded major" && major.name == "no incident graded major or worse")
        let serious = Scorecard.incidentCheck("major", incidents: [incident("online_trading", "serious")], policy: policy)
        #expect(!serious.met)
        #expect(Scorecard.incidentCheck("serious", incidents: [incident("online_trading", "major")], policy: policy).met)
        #expect(Scorecard.incidentCheck("general", incidents: [], policy: policy).value == "no incident")
        // Without a policy nothing can be graded, and the check says so rather than pass.
        #expect(!Scorecard.incidentCheck("major", incidents: [], policy: nil).met)
    }
}
