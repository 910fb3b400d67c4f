import Chaos
import Foundation
import Kernel
import Scenario
import Scoring
import Testing

let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func csrc() throws -> IncidentPolicy {
    try PolicyFile.load(path: root.appendingPathComponent("Faults/policies/csrc-2012.yaml").path)
}

let minute: Int64 = 60_000_000_000
let second: Int64 = 1_000_000_000

/// SPEC §7 written out as code, independently of the policy file: the slow obvious reference.
func specGrade(system: String, fullNanos: Int64, anyNanos: Int64, activeClients: Int) -> String {
    let trading = system == "centralized_trading" || system == "online_trading"
    if trading && activeClients >= 100_000 && fullNanos >= 30 * minute { return "serious" }
    if trading && anyNanos >= 5 * minute { return "major" }
    if (system == "third_party_depository" || system == "margin") && anyNanos >= 30 * minute { return "major" }
    if anyNanos > 0 { return "general" }
    return "none"
}

@Suite struct IncidentGradingTests {
    @Test func theCSRCTableAtItsEdges() throws {
        let p = try csrc()
        #expect(p.name == "csrc-2012" && p.nearMissMargin == .seconds(60))
        func grade(_ system: String, full: Int64 = 0, any: Int64, clients: Int = 50_000) -> IncidentVerdict {
            p.grade(SystemOutage(system: system, fullNanos: full, anyNanos: any), activeClients: clients)
        }
        // 4 min 59 s of online trading down: general, one second short of major.
        let short = grade("online_trading", any: 4 * minute + 59 * second)
        #expect(short.grade == "general" && short.label == "一般")
        let expectedMiss = IncidentVerdict.NearMiss(grade: "major", thresholdNanos: 5 * minute, outageNanos: 5 * minute - second, gapNanos: second)
        #expect(short.nearMiss == expectedMiss)
        let five = grade("online_trading", any: 5 * minute)
        #expect(five.grade == "major" && five.label == "较大" && five.nearMiss == nil)
        // Margin: 29 min 59 s general with a 1 s gap; 30 min major. SPEC's 29 min 50 s case: a 10 s gap.
        #expect(grade("margin", any: 30 * minute - second).nearMiss?.gapNanos == second)
        #expect(grade("margin", any: 30 * minute - second).grade == "general")
        #expect(grade("margin", any: 30 * minute).grade == "major")
        let drift = grade("margin", any: 29 * minute + 50 * second)
        #expect(drift.grade == "general" && drift.nearMiss?.gapNanos == 10 * second && drift.nearMiss?.grade == "major")
        // A large broker's trading fully down: 29 min 59 s is major with a 1 s near miss to serious; 30 min serious.
        let big = 150_000
        let almost = grade("centralized_trading", full: 30 * minute - second, any: 30 * minute - second, clients: big)
        #expect(almost.grade == "major" && almost.nearMiss?.grade == "serious" && almost.nearMiss?.gapNanos == second)
        #expect(grade("centralized_trading", full: 30 * minute, any: 30 * minute, clients: big).grade == "serious")
        // Partly down does not count toward serious; a small broker cannot be serious at all.
        #expect(grade("online_trading", full: 0, any: 40 * minute, clients: big).grade == "major")
        let small = grade("online_trading", full: 30 * minute, any: 30 * minute, clients: 99_999)
        #expect(small.grade == "major" && small.nearMiss == nil)
        // A minute and a half short is not a near miss; no outage is no incident.
        #expect(grade("online_trading", any: 3 * minute + 30 * second).nearMiss == nil)
        #expect(grade("online_trading", any: 0).grade == "none")
    }

    @Test func thePolicyFileAgreesWithSpecOnRandomOutages() throws {
        let p = try csrc()
        var random = Xoshiro256StarStar(seed: 12)
        let systems = ["centralized_trading", "online_trading", "margin", "third_party_depository", "wealth"]
        let edges: [Int64] = [0, 5 * minute, 30 * minute]
        for _ in 0..<20_000 {
            let system = systems[Int(random.next(below: UInt64(systems.count)))]
            // Half the draws land within two seconds of a threshold.
            var any = Int64(random.next(below: UInt64(45 * minute)))
            if random.next(below: 2) == 0 {
                let edge = edges[Int(random.next(below: 3))]
                let jiggle = Int64(random.next(below: 4 * UInt64(second))) - 2 * second
                any = max(0, edge + jiggle)
            }
            let full = random.next(below: 2) == 0 ? any : Int64(random.next(below: UInt64(any) + 1))
            let clients = [50_000, 99_999, 100_000, 500_000][Int(random.next(below: 4))]
            let verdict = p.grade(SystemOutage(system: system, fullNanos: full, anyNanos: any), activeClients: clients)
            #expect(verdict.grade == specGrade(system: system, fullNanos: full, anyNanos: any, activeClients: clients),
                    "\(system) full \(full) any \(any) clients \(clients)")
        }
    }

    @Test func aMalformedPolicyIsLocated() throws {
        func error(_ text: String) -> ScenarioError? {
            do { _ = try PolicyFile.decode(text, file: "p.yaml"); return nil } catch { return error }
        }
        let key = try #require(error("name: x\ngrades:\n  - name: major\n    rules:\n      - { systems: [margin], extent: partial, cumulative_at_lest: 5m }\n"))
        #expect(key.line == 5 && key.message.contains("did you mean \"cumulative_at_least\"?"))
        let extent = try #require(error("name: x\ngrades:\n  - name: major\n    rules:\n      - { systems: [margin], extent: most, cumulative_at_least: 5m }\n"))
        #expect(extent.line == 5 && extent.message.contains("unknown extent"))
        let empty = try #require(error("name: x\ngrades: []\n"))
        #expect(empty.message.contains("at least one grade"))
    }
}
