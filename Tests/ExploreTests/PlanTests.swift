import Chaos
@testable import Explore
import Kernel
import Scenario
import Stack
import Testing

@Suite struct PlanTests {
    /// Any choice sequence decodes to a plan the stack accepts, inside the day with time to
    /// settle, with every parameter in its key's domain; written as a scenario's faults and read
    /// back, it is the same plan.
    @Test func randomPlansAreValidAndSurviveWritingAndReading() throws {
        let menu = ExploreFixture.menu, config = ExploreFixture.config
        var hub = TraceHub()
        let world = try StackWorld(config: config, recorderPoints: &hub)
        let base = ScenarioText.removingSection("faults", from: ExploreFixture.tinyDayText)
        for seed in UInt64(1)...80 {
            var source = ChoiceSource(seed: seed)
            let plan = GeneratedPlan.decode(&source, menu: menu, maxFaults: 4)
            _ = try FaultPlan.schedule(plan.faults, world: world)
            for fault in plan.faults {
                let end = try #require(fault.end)
                #expect(fault.start >= config.dayStart && end <= config.dayEnd, "\(fault)")
                #expect(end <= config.dayEnd - FaultMenu.settle, "\(fault)")
                for p in fault.kind.parameters {
                    switch (p.key.domain, fault[p.key]) {
                    case let (.number(r), .number(x)): #expect(r.contains(x), "\(p.key) \(x)")
                    case let (.integer(r), .integer(n)): #expect(r.contains(n), "\(p.key) \(n)")
                    case let (.duration(r), .duration(d)): #expect(r.contains(d), "\(p.key) \(d)")
                    default: break
                    }
                }
            }
            let text = base + "\n" + (try FaultWriter.section(plan.faults))
            let document = try ScenarioFile.decodeDocument(text, file: "plan-\(seed).yaml")
            #expect(document.faults == plan.faults, "seed \(seed): \(plan.choices)")
            #expect(document.stack == config)
        }
    }

    /// Contingency's prefix fixes kind, target and moment; the rest comes from the stream.
    @Test func aContingencyPrefixFixesKindTargetAndMoment() {
        let menu = ExploreFixture.menu
        for (k, kind) in menu.kinds.enumerated() {
            for c in menu.targets[k] {
                let prefix = GeneratedPlan.prefix(kind: k, component: c, moment: 1, menu: menu) + [0]
                var source = ChoiceSource(replaying: ChoiceSequence(prefix), thenSeed: 7)
                let plan = GeneratedPlan.decode(&source, menu: menu, maxFaults: 1)
                #expect(plan.faults.count == 1 && plan.faults[0].kind == kind && plan.components == [c])
                #expect(plan.faults[0].start == menu.moments[1].from)
            }
        }
    }

    /// On a stack whose broker hosts all run on one site, no partition can cut a site off:
    /// the kind is not offered (every plan must be one the stack accepts).
    @Test func aSingleSiteStackIsNeverPartitioned() throws {
        let layout = try String(contentsOfFile: ExploreFixture.root.appendingPathComponent("Scenarios/layouts/single-site.yaml").path, encoding: .utf8)
        let document = try ScenarioFile.decodeDocument(ExploreFixture.tinyDayText, file: "tiny-day.yaml", layout: (layout, "single-site.yaml"))
        let menu = FaultMenu(config: document.stack, topology: try Topology(config: document.stack))
        #expect(!menu.kinds.contains(.partition))
        #expect(menu.kinds.contains(.siteLoss))
    }

    /// Every host of the stack is a component, and so is each pool of two or more, each link
    /// between two sites with broker hosts, and each such site; every kind has a target.
    @Test func componentsCoverTheStack() throws {
        let topology = try Topology(config: ExploreFixture.config)
        let components = Component.all(in: topology)
        let names = components.map(\.name)
        for host in topology.hosts where FaultPlan.hostTargetKinds.contains(topology.kind(of: host.node)) {
            #expect(names.contains(host.name))
        }
        #expect(names.contains("normal@shenzhen") && names.contains("fast@shanghai"))
        #expect(components.filter { $0.family == "link" }.map(\.name) == ["shenzhen–shanghai"])
        #expect(names.contains("site shenzhen") && names.contains("site shanghai"))
        let menu = ExploreFixture.menu
        #expect(menu.kinds.count == FaultKind.allCases.count - 1, "every kind but the health-check blind spot (no health checks configured)")
        #expect(!menu.kinds.contains(.healthCheckBlindSpot))
        #expect(menu.moments.map(\.name) == ["continuous peak", "opening call", "closing call", "pre-open", "clearing"])
    }
}
