import Chaos
import Foundation
import Kernel
import Reports
import Scenario
import Scoring
import Stack

/// A prepared run's fault-free day, paused at chosen times on its way to the end: runs of fault
/// plans branch from the latest pause before their first event instead of simulating the morning
/// again (`PreparedRun.run(from:)`), and each gives exactly what the whole day would have.
///
/// Built once and then only read, from any thread: a branch copies a pause.
public final class RunTrunk: @unchecked Sendable {
    /// The runs paused, in time order; each holds its own engines and recorder.
    let pauses: [StackRunState]
    /// The fault-free day, run to its end.
    public let baseline: RunReport
    let config: StackConfig
    let guards: [Guard]
    let budget: RunBudget
    /// Events the day handled before each pause.
    public let eventsAt: [UInt64]
    /// Wall-clock seconds the day had taken at each pause: a branch is charged them against
    /// `--max-wall`, as the whole run would have been.
    let wallAt: [Double]

    /// The times the trunk paused at (a time at which a guard had fired, the run had stopped or a
    /// memory budget was spent is left out).
    public var pauseTimes: [SimTime] { pauses.map(\.pausedAt) }

    init(pauses: [StackRunState], wallAt: [Double], baseline: RunReport, of run: PreparedRun) {
        self.pauses = pauses
        self.wallAt = wallAt
        self.baseline = baseline
        config = run.config
        guards = run.guards
        budget = run.budget
        eventsAt = pauses.map(\.eventsFired)
    }

    /// Whether `run` is this trunk's run with other faults (the same stack, guards and budget).
    func serves(_ run: PreparedRun) -> Bool {
        run.config == config && run.guards == guards && run.budget == budget
    }

    /// How many pauses come strictly before `time`.
    func pausesBefore(_ time: SimTime) -> Int {
        var lo = 0, hi = pauses.count
        while lo < hi { let mid = (lo + hi) / 2; if pauses[mid].pausedAt < time { lo = mid + 1 } else { hi = mid } }
        return lo
    }

    /// A copy of the latest pause before the first event of what `plan` makes, that schedule,
    /// and the wall-clock seconds the day had taken to get there; `nil` when no pause comes
    /// before it (the run starts from the beginning).
    func branch(for plan: (StackWorld) throws(StackBuildError) -> FaultSchedule)
        throws(StackBuildError) -> (state: StackRunState, schedule: FaultSchedule, wallSeconds: Double)? {
        guard let first = pauses.first else { return nil }
        let schedule = try first.preview(plan)
        guard let time = StackRunState.firstEvent(of: schedule) else { return nil }
        let k = pausesBefore(time)
        return k > 0 ? (pauses[k - 1].branch(), schedule, wallAt[k - 1]) : nil
    }

    /// The fault-free day's events a run whose plan starts at `start` does not simulate again (it
    /// branches from the latest pause before; 0 when none comes before).
    public func eventsShared(before start: SimTime) -> UInt64 {
        let k = pausesBefore(start)
        return k > 0 ? eventsAt[k - 1] : 0
    }

    /// Estimated memory of the pauses, checked before the day runs. Each holds its own copy of
    /// what the day writes after it: the recorder's per-second series and the clients' accounts
    /// (sized for the whole day from the start), and the orders so far (`RunBudget.estimate`'s
    /// part that grows with the orders, times the share of the day gone).
    public static func estimatedBytes(_ config: StackConfig, at times: [SimTime]) -> Double {
        let estimate = RunBudget.estimate(config, faults: 0, hosts: 0)
        let seconds = Double((config.dayEnd - config.dayStart).nanos / 1_000_000_000 + 1)
        let series = seconds * Double(4 * 4 + 4 * Recorder.latencyBuckets)
        let accounts = config.populations.reduce(0.0) { $0 + Double($1.clients) * Double(RunBudget.bytesPerClient(watchlist: $1.watchlist)) }
        let growing = max(0, estimate.memoryBytes - Double(RunBudget.fixedBytes) - accounts)
        let span = Double(max(1, (config.dayEnd - config.dayStart).nanos))
        return times.reduce(0) { sum, t in
            sum + Double(RunTrunk.bytesPerPause) + series + accounts + growing * Double((t - config.dayStart).nanos) / span
        }
    }

    /// What a pause holds besides: the world's tables, the event queue, the engines' books.
    static let bytesPerPause: Int64 = 8 << 20
}

extension PreparedRun {
    /// Runs the fault-free day (this run without its faults), pausing at `times` (whole seconds
    /// after the day starts, so that guards see the same seconds). Pauses stop at the first guard
    /// fired; at most `maxPauses` are kept, spread evenly, and every other one goes while their
    /// estimated state (`estimatedBytes`) exceeds `memoryBytes`; it is checked before the day runs.
    public func trunk(pausingAt times: [SimTime], memoryBytes: Double, maxPauses: Int = 64) throws(HarnessError) -> RunTrunk {
        let started = DispatchTime.now().uptimeNanoseconds
        var base = self
        base.faults = []
        let config = base.config
        var wanted = Array(Set(times.filter { $0 > config.dayStart && $0 < config.dayEnd && ($0 - config.dayStart).nanos % 1_000_000_000 == 0 })).sorted()
        if wanted.count > maxPauses {
            wanted = (0..<maxPauses).map { wanted[$0 * wanted.count / maxPauses] }
        }
        // Over the memory budget, every other pause goes (the first stays: it serves the plans
        // that start at a moment's opening, as N-1 plans do), so that the rest still cover the day.
        while !wanted.isEmpty && RunTrunk.estimatedBytes(config, at: wanted) > memoryBytes {
            wanted = wanted.count == 1 ? [] : stride(from: 0, to: wanted.count, by: 2).map { wanted[$0] }
        }
        let spending = BudgetWatch(budget)
        let watch = GuardWatch(guards: guards, firstFaultStart: nil)
        let check: ((Recorder, SimTime) -> GuardFiring?)? = guards.isEmpty ? nil : { recorder, t in watch.check(recorder, at: t) }
        var pauses: [StackRunState] = []
        var wallAt: [Double] = []
        var state: StackRunState
        // No plan: a plan without faults changes nothing, and a branch takes its own.
        do { state = try StackRunState(config) } catch {
            let file = layout.map { "\(scenario) on \($0.path)" } ?? scenario
            throw .input(ScenarioDocument.locate(error.field, error.problem, in: file, faultPlaces: []))
        }
        for t in wanted {
            state.advance(to: t, guards: check, exhausted: spending.exhausted)
            guard state.pausedAt == t, state.firings.isEmpty, state.stoppedAt == nil else { break }
            pauses.append(state.branch())
            wallAt.append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
        }
        state.advance(to: config.dayEnd, guards: check, exhausted: spending.exhausted)
        let result = state.finish()
        if let spent = spending.spent { throw HarnessError(.budgetExceeded, "\(scenario): stopped at \(result.lastEventTime): \(spent)") }
        let wall = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let report = RunReport(run: result, card: Scorecard(result, policy: policy, faults: [], guards: guards), scenarioFile: scenario,
                               faults: [], wallSeconds: wall, peakMemoryBytes: PreparedRun.peakMemoryBytes())
        return RunTrunk(pauses: pauses, wallAt: wallAt, baseline: report, of: base)
    }
}
