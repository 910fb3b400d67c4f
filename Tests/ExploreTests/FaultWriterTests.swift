import Chaos
@testable import Explore
import Kernel
import Scenario
import Stack
import Testing

@Suite struct FaultWriterTests {
    /// Every kind, on a target of its own, with parameters drawn away from their defaults and
    /// SLAs of its own, is read back as written.
    @Test(arguments: FaultKind.allCases.filter { $0 != .healthCheckBlindSpot })
    func everyKindRoundTrips(kind: FaultKind) throws {
        let menu = ExploreFixture.menu
        let k = try #require(menu.kinds.firstIndex(of: kind))
        var faults: [FaultSpec] = []
        for (n, c) in menu.targets[k].prefix(3).enumerated() {
            var source = ChoiceSource(replaying: ChoiceSequence([3, 5] + [UInt32](repeating: 6, count: 8)))
            var fault = menu.fault(kind: k, component: c, moment: n % menu.moments.count, name: "f\(n)", choices: &source)
            if n == 1 {
                fault.expect.detectWithin = .seconds(30)
                fault.expect.recoverWithin = SimDuration(nanos: 90_000_000_123)
                fault.expect.rpoMax = 0
            }
            if n == 2 { fault.expect.recoverBy = SimTime.clock(9, 58, 30) }
            faults.append(fault)
        }
        if case .hosts = kind.target, let tier = menu.components[menu.targets[k][0]].tier {
            // A selector, as scenario authors write one.
            var fault = FaultSpec(name: "picked", kind: kind, start: SimTime.clock(9, 40))
            fault.selector = FaultSpec.Selector(kind: .tier, tier: tier, site: "shenzhen", count: 1)
            fault.duration = .minutes(3)
            if kind == .configDrift { fault.version = "v\"2\"\\beta" }
            if case let .hosts(kinds, tiers) = kind.target, kinds.contains(.tier), tiers.isEmpty || tiers.contains(tier) { faults.append(fault) }
        }
        let text = ExploreFixture.tinyDayText + "\n" + (try FaultWriter.section(faults))
        let document = try ScenarioFile.decodeDocument(text, file: "\(kind.rawValue).yaml")
        #expect(document.faults == faults)
    }

    @Test func anEmptyPlanIsAnEmptyList() throws {
        #expect(try FaultWriter.section([]) == "faults: []\n")
    }

    @Test func whatScenarioSyntaxCannotHoldIsRefused() {
        var fault = FaultSpec(name: "j", kind: .linkJitter, between: ["shenzhen", "shanghai"], start: SimTime.clock(9, 40))
        fault.jitter = .lognormal(mu: 1, sigma: 0.5)
        #expect(throws: FaultWriter.Unwritable.self) { try FaultWriter.section([fault]) }
        var reboot = FaultSpec(name: "r", kind: .hostReboot, nodes: ["fast-shenzhen-1"], start: SimTime.clock(9, 40))
        reboot.duration = nil
        #expect(throws: FaultWriter.Unwritable.self) { try FaultWriter.section([reboot]) }
    }
}

@Suite struct ScenarioTextTests {
    @Test func removingASectionKeepsEverythingElse() {
        let text = """
            # header
            # expect: pass
            name: x

            faults:
              - name: a
                kind: host_crash

            # between two entries
              - name: b
            # about the guards
            guards:
              - name: g
            faults_note: 1
            """
        let out = ScenarioText.removingSection("faults", from: text)
        #expect(out == """
            # header
            # expect: pass
            name: x

            # about the guards
            guards:
              - name: g
            faults_note: 1
            """)
        #expect(ScenarioText.removingSection("faults", from: "name: y\nfaults: []\nseed: 2\n") == "name: y\nseed: 2\n")
        #expect(ScenarioText.headerValue("expect", in: text) == "pass")
        #expect(ScenarioText.removingHeader(from: text).hasPrefix("name: x\n"))
    }

    @Test func addingAKeyToASection() {
        #expect(ScenarioText.adding("incidents_below", "major", toSection: "sla", of: "name: x\nsla:\n    percentile: 99\nseed: 1\n")
            == "name: x\nsla:\n    incidents_below: major\n    percentile: 99\nseed: 1\n")
        #expect(ScenarioText.adding("incidents_below", "major", toSection: "sla", of: "name: x\nsla: { percentile: 99 }\n")
            == "name: x\nsla: { incidents_below: major, percentile: 99 }\n")
        #expect(ScenarioText.adding("incidents_below", "major", toSection: "sla", of: "sla: {}\n") == "sla: { incidents_below: major }\n")
        #expect(ScenarioText.adding("incidents_below", "major", toSection: "sla", of: "name: x") == "name: x\n\nsla:\n  incidents_below: major\n")
        // A key the section already has is replaced, never written twice.
        #expect(ScenarioText.adding("incidents_below", "major", toSection: "sla", of: "sla:\n  percentile: 99\n  incidents_below: serious\nseed: 1")
            == "sla:\n  percentile: 99\n  incidents_below: major\nseed: 1")
        #expect(ScenarioText.adding("incidents_below", "major", toSection: "sla", of: "sla: { incidents_below: serious, percentile: 99 }")
            == "sla: { incidents_below: major, percentile: 99 }")
        #expect(ScenarioText.adding("incidents_below", "major", toSection: "sla", of: "sla: { percentile: 99, incidents_below: serious }")
            == "sla: { incidents_below: major, percentile: 99 }")
    }
}
