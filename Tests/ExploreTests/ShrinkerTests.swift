import Chaos
@testable import Explore
import Stack
import Synchronization
import Testing

@Suite struct ShrinkerTests {
    /// A stand-in stack that breaks one way only: an SLA fails whenever a host crash hits a
    /// normal-tier component, and the runs are counted. A three-fault plan that holds such a
    /// crash among others shrinks to that crash alone, at its simplest.
    @Test func aThreeFaultPlanShrinksToItsOneCause() throws {
        let menu = ExploreFixture.menu
        let crash = try #require(menu.kinds.firstIndex(of: .hostCrash))
        let normal = try #require(menu.targets[crash].first { menu.components[$0].family == "normal tier" })
        let oracle: @Sendable (GeneratedPlan) -> Answer = { plan in
            let hit = zip(plan.faults, plan.components).contains { $0.kind == .hostCrash && menu.components[$1].family == "normal tier" }
            return Answer(outcome: RunOutcome(digest: plan.choices.description, slas: hit ? [("latency normal", "latency III C1 normal p99")] : []), error: nil)
        }
        // A plan of three: a cpu load, the crash (late in its window, long, at a later moment), a link loss.
        var values = [UInt32](repeating: 0, count: GeneratedPlan.familyChoices) + [2]
        func block(_ kind: FaultKind, _ component: Int, moment: UInt32, tail: [UInt32]) -> [UInt32] {
            let k = menu.kinds.firstIndex(of: kind)!
            return [UInt32(k), UInt32(menu.targets[k].firstIndex(of: component)!), moment] + tail
        }
        let cpu = menu.kinds.firstIndex(of: .cpuLoad)!, loss = menu.kinds.firstIndex(of: .linkLoss)!
        values += block(.cpuLoad, menu.targets[cpu][2], moment: 1, tail: [4, 3, 5, 2])
        values += block(.hostCrash, normal, moment: 2, tail: [9, 7])
        values += block(.linkLoss, menu.targets[loss][0], moment: 0, tail: [1, 2, 3, 1])
        let plan = GeneratedPlan.replay(ChoiceSequence(values), menu: menu, maxFaults: 3)
        #expect(plan.faults.map(\.kind) == [.cpuLoad, .hostCrash, .linkLoss])
        let first = oracle(plan).outcome!
        let target = try #require(first.signature(families: plan.families(in: menu)))
        let shrinker = Shrinker(menu: menu, maxFaults: 3, budget: 200, run: oracle)
        let (minimal, outcome, spent) = shrinker.shrink(plan, outcome: first, keeping: target)
        #expect(minimal.faults.count == 1)
        #expect(minimal.faults[0].kind == .hostCrash && menu.components[minimal.components[0]].family == "normal tier")
        #expect(minimal.faults[0].start == menu.moments[0].from, "moved to the first moment's start")
        #expect(minimal.faults[0].duration == FaultKind.hostCrash.descriptor.exploreDurations.lowerBound, "the shortest duration")
        #expect(outcome.signature(families: minimal.families(in: menu))?.subject == "latency normal")
        #expect(spent > 0 && spent < 200)
        // Its first normal-tier instance: the simplest target that still fails.
        #expect(minimal.components[0] == normal)
    }

    /// A plan whose failure needs two faults keeps both.
    @Test func aFailureThatNeedsTwoFaultsKeepsBoth() throws {
        let menu = ExploreFixture.menu
        let oracle: @Sendable (GeneratedPlan) -> Answer = { plan in
            let kinds = Set(plan.faults.map(\.kind))
            let hit = kinds.contains(.hostCrash) && kinds.contains(.linkCut)
            return Answer(outcome: RunOutcome(digest: "", incidents: hit ? ["online_trading major"] : []), error: nil)
        }
        let crash = menu.kinds.firstIndex(of: .hostCrash)!, cut = menu.kinds.firstIndex(of: .linkCut)!
        let cpu = menu.kinds.firstIndex(of: .cpuLoad)!
        let values = [UInt32](repeating: 0, count: GeneratedPlan.familyChoices) + [2]
            + [UInt32(cpu), 1, 0, 0, 0, 3, 0] + [UInt32(crash), 3, 1, 2, 2] + [UInt32(cut), 0, 1, 5, 4]
        let plan = GeneratedPlan.replay(ChoiceSequence(values), menu: menu, maxFaults: 3)
        let first = oracle(plan).outcome!
        let target = try #require(first.signature(families: plan.families(in: menu)))
        let (minimal, _, _) = Shrinker(menu: menu, maxFaults: 3, budget: 300, run: oracle).shrink(plan, outcome: first, keeping: target)
        #expect(minimal.faults.map(\.kind).sorted { $0.rawValue < $1.rawValue } == [.hostCrash, .linkCut])
        #expect(minimal.faults.allSatisfy { $0.start == menu.moments[0].from })
    }
}
