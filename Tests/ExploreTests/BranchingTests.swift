import Chaos
@testable import Explore
import Harness
import Kernel
import Stack
import Testing

/// Runs that branch from the fault-free day paused before their first fault give what the whole
/// day gives with the same plan: the same digest (every event handled, every trade, the final
/// state), event count, guard firings and grade.
@Suite struct BranchingTests {
    static func trunk(_ prepared: PreparedRun, menu: FaultMenu) throws -> RunTrunk {
        let starts = menu.moments.flatMap { m in (0..<Moment.steps).map { m.start(step: $0) - .seconds(1) } }
        return try prepared.trunk(pausingAt: starts, memoryBytes: Double(1 << 30))
    }

    static func same(_ plans: Int, seed: UInt64, prepared: PreparedRun) throws -> (branched: Int, guarded: Int) {
        let menu = FaultMenu(config: prepared.config, topology: try Topology(config: prepared.config))
        let trunk = try trunk(prepared, menu: menu)
        var base = prepared
        base.faults = []
        let whole = try base.run()
        #expect(trunk.baseline.run.digest == whole.run.digest)
        #expect(trunk.baseline.run.events == whole.run.events)
        #expect(trunk.pauseTimes.count > 20)
        #expect(zip(trunk.pauseTimes, trunk.pauseTimes.dropFirst()).allSatisfy { $0 < $1 })
        var branched = 0, guarded = 0
        for k in 0..<plans {
            var choices = ChoiceSource(seed: seed &+ UInt64(k))
            var run = prepared
            run.faults = GeneratedPlan.decode(&choices, menu: menu, maxFaults: 3).faults
            let a = try run.run(), b = try run.run(from: trunk)
            #expect(a.run.digest == b.run.digest, "plan \(k): \(run.faults.map { "\($0.kind) \($0.nodes.joined(separator: ",")) \($0.start)" })")
            #expect(a.run.events == b.run.events && a.run.lastEventTime == b.run.lastEventTime)
            #expect(a.run.guardFirings == b.run.guardFirings && a.run.stoppedAt == b.run.stoppedAt)
            #expect(a.card.incidents == b.card.incidents)
            #expect(a.card.passed == b.card.passed)
            if !a.run.guardFirings.isEmpty { guarded += 1 }
            if let first = run.faults.map(\.start).min(), trunk.pauseTimes.contains(where: { $0 < first }) { branched += 1 }
        }
        return (branched, guarded)
    }

    @Test func aBranchedRunIsTheWholeDay() throws {
        let (branched, _) = try BranchingTests.same(30, seed: 100, prepared: ExploreFixture.prepared())
        #expect(branched >= 25)
    }

    /// With guards the run pauses every second for them; a guard that fires on a plan's faults
    /// fires at the same second in the branch.
    @Test func aBranchedRunWithGuardsIsTheWholeDay() throws {
        let guards = """
            guards:
              - { name: blast, metric: unanswered_ratio, above: 0.2, window: 10s, action: rollback }
              - { name: late, after_first_fault: 3m, action: stop }
            """
        let (branched, guarded) = try BranchingTests.same(16, seed: 900, prepared: ExploreFixture.prepared(extra: guards))
        #expect(branched >= 12)
        #expect(guarded >= 4)
    }

    /// The pauses' estimated memory is checked before the day runs: over the budget, every other
    /// pause goes until they fit (none, if even one does not), and runs give the same regardless.
    @Test func pausesFitTheirMemoryBudget() throws {
        let prepared = try ExploreFixture.prepared()
        let menu = FaultMenu(config: prepared.config, topology: try Topology(config: prepared.config))
        let starts = menu.moments.flatMap { m in (0..<Moment.steps).map { m.start(step: $0) - .seconds(1) } }
        let all = try prepared.trunk(pausingAt: starts, memoryBytes: .infinity)
        let room = RunTrunk.estimatedBytes(prepared.config, at: all.pauseTimes) / 3
        let thinned = try prepared.trunk(pausingAt: starts, memoryBytes: room)
        #expect(thinned.pauseTimes.count * 4 <= all.pauseTimes.count && !thinned.pauseTimes.isEmpty)
        #expect(RunTrunk.estimatedBytes(prepared.config, at: thinned.pauseTimes) <= room)
        #expect(Set(thinned.pauseTimes).isSubset(of: Set(all.pauseTimes)))
        let none = try prepared.trunk(pausingAt: starts, memoryBytes: 0)
        #expect(none.pauseTimes.isEmpty)
        var run = prepared
        var choices = ChoiceSource(seed: 5)
        run.faults = GeneratedPlan.decode(&choices, menu: menu, maxFaults: 2).faults
        let whole = try run.run().run.digest
        #expect(try run.run(from: thinned).run.digest == whole)
        #expect(try run.run(from: none).run.digest == whole)
    }

    /// A plan given at a pause must not start before it; a guard fired or a tape recorded stops branching.
    @Test func aPlanCannotStartBeforeItsPause() throws {
        let config = ExploreFixture.config
        var state = try StackRunState(config)
        state.advance(to: config.dayStart + .minutes(10))
        #expect(state.canBranch)
        var early = state.branch()
        let fault = FaultSpec(name: "f", kind: .hostCrash, nodes: ["fast-shenzhen-1"], start: config.dayStart + .minutes(5), duration: .seconds(20))
        #expect(throws: StackBuildError.self) { try early.plan { world throws(StackBuildError) in try FaultPlan.schedule([fault], world: world) } }
        let taped = try StackRunState(config, tape: EventTape())
        #expect(!taped.canBranch)
    }
}
