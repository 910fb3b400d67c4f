@testable import Explore
import Testing

@Suite struct ChoiceTests {
    @Test func aRecordedSequenceReplaysToTheSamePlan() {
        for seed in UInt64(1)...60 {
            var source = ChoiceSource(seed: seed)
            let drawn = GeneratedPlan.decode(&source, menu: ExploreFixture.menu, maxFaults: 4)
            let again = GeneratedPlan.replay(drawn.choices, menu: ExploreFixture.menu, maxFaults: 4)
            #expect(again == drawn, "seed \(seed)")
            #expect(drawn.faults.count >= 1 && drawn.faults.count <= 4)
            #expect(drawn.blocks.count == drawn.faults.count && drawn.blocks.last?.upperBound == drawn.choices.values.count)
        }
    }

    @Test func replayedValuesAreClampedAndZeroPastTheEnd() {
        var source = ChoiceSource(replaying: ChoiceSequence([9, 2]))
        #expect(source.choose(4) == 3)
        #expect(source.choose(4) == 2)
        #expect(source.choose(4) == 0)
        #expect(source.recorded == ChoiceSequence([3, 2, 0]))
    }

    @Test func shortlexOrder() {
        #expect(ChoiceSequence.simpler(ChoiceSequence([5, 5]), than: ChoiceSequence([0, 0, 0])))
        #expect(ChoiceSequence.simpler(ChoiceSequence([1, 0, 9]), than: ChoiceSequence([1, 1, 0])))
        #expect(!ChoiceSequence.simpler(ChoiceSequence([1, 2]), than: ChoiceSequence([1, 2])))
    }

    /// The simplest sequence is the simplest plan: one fault, every family on, the first kind on
    /// its first target at the first moment's start, the shortest duration, parameters at their defaults.
    @Test func zerosDecodeToTheSimplestPlan() {
        let menu = ExploreFixture.menu
        let plan = GeneratedPlan.replay(ChoiceSequence(), menu: menu, maxFaults: 3)
        #expect(plan.faults.count == 1 && plan.familiesOff.isEmpty)
        let fault = plan.faults[0]
        #expect(fault.kind == menu.kinds[0])
        #expect(plan.components == [menu.targets[0][0]])
        #expect(fault.start == menu.moments[0].from)
        #expect(fault.duration == fault.kind.descriptor.exploreDurations.lowerBound)
        for p in fault.kind.parameters where p.defaultValue != nil { #expect(fault[p.key] == p.defaultValue) }
    }
}
