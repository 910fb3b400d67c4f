import Boundary
import Chaos
import Foundation
import Kernel
import Reports
import Scenario
import Scoring
import Stack

/// How far a run has got, for a progress bar: it never reaches into the run.
public struct RunProgress: Sendable {
    public var simulated: SimTime
    public var dayStart: SimTime
    public var dayEnd: SimTime
    public var events: UInt64

    public init(simulated: SimTime, dayStart: SimTime, dayEnd: SimTime, events: UInt64) {
        self.simulated = simulated; self.dayStart = dayStart; self.dayEnd = dayEnd; self.events = events
    }

    /// The share of the simulated day done, 0…1.
    public var fraction: Double {
        let span = max(1, dayEnd.nanos - dayStart.nanos)
        return min(1, max(0, Double(simulated.nanos - dayStart.nanos) / Double(span)))
    }
}

/// A scenario read and ready to run, with everything it was read from: the stack (on a layout
/// if one was given), its faults, guards and grading policy, and the input files.
public struct PreparedRun: Sendable {
    public var scenario: String
    public var layout: Layout?
    public var config: StackConfig
    public var faults: [FaultSpec]
    public var guards: [Guard]
    public var policy: IncidentPolicy?
    /// Every file the run's inputs came from: the scenario, the layout, fault definitions, the policy.
    public var inputs: [InputFile]
    /// Things the user should hear about that do not stop the run (a default policy not found).
    public var warnings: [String]
    /// How big the run may get; checked when prepared, watched while it runs.
    public var budget: RunBudget = .standard
    /// Where each fault was written, for locating a problem found when the plan is built.
    public var faultPlaces: [ScenarioError] = []

    /// Reads `scenario` (and `layout` over it), with `seed` replacing the scenario's. Every file
    /// is read through `boundary`; `origin` says who named the scenario and layout (a tape or an
    /// exploration shard names them too).
    public static func prepare(scenario: String, seed: UInt64? = nil, layout: String? = nil, boundary: FileBoundary = .workingDirectory,
                               origin: FileBoundary.Origin = .commandLine, budget: RunBudget = .standard) throws(HarnessError) -> PreparedRun {
        let document: ScenarioDocument
        let layoutInfo: Layout?
        do {
            layoutInfo = try layout.map { path throws(ScenarioError) in try LayoutFile.load(path: path, from: origin, in: boundary) }
            document = try ScenarioFile.loadDocument(path: scenario, layout: layout, boundary: boundary, origin: origin)
        } catch {
            throw .input("\(error)")
        }
        var config = document.stack
        if let seed {
            guard seed <= UInt64(Int64.max) else { throw .input("--seed: expected 0…\(Int64.max), got \(seed)") }
            config.seed = seed
        }
        // The whole run's size, before anything is built.
        let hosts = (try? Topology(config: config))?.hosts.count ?? 0
        try budget.check(RunBudget.estimate(config, faults: document.faults.count, hosts: hosts), file: layout.map { "\(scenario) on \($0)" } ?? scenario)
        var inputs = [try InputFile.hashing(scenario, from: origin, in: boundary)]
        if let layout { inputs.append(try InputFile.hashing(layout, from: origin, in: boundary)) }
        for path in document.definitionsRead { inputs.append(try InputFile.hashing(path, from: .file, in: boundary)) }
        var policy: IncidentPolicy?
        var warnings: [String] = []
        if let name = document.policy {
            let paths = ScenarioDocument.policyPaths(name, scenarioPath: scenario)
            if let path = paths.first(where: { boundary.exists($0) }) {
                do { policy = try PolicyFile.load(path: path, from: .file, in: boundary) } catch { throw .input("\(error)") }
                inputs.append(try InputFile.hashing(path, from: .file, in: boundary))
            } else if document.policyGiven {
                throw .input("\(scenario): policy \"\(name)\" not found (looked in \(paths.joined(separator: ", ")))")
            } else {
                warnings.append("no incident-grading policy found (\(paths.joined(separator: ", "))); outages are not graded")
            }
        }
        if let grade = config.sla.incidentsBelow {
            guard let policy else { throw .input("\(scenario): sla.incidents_below: no incident-grading policy to grade \"\(grade)\" by") }
            if !policy.grades.contains(where: { $0.name == grade }) {
                throw .input("\(scenario): sla.incidents_below: policy \(policy.name) has no grade \"\(grade)\"; its grades are "
                    + policy.grades.map(\.name).joined(separator: ", "))
            }
        }
        return PreparedRun(scenario: scenario, layout: layoutInfo, config: config, faults: document.faults, guards: document.guards,
                           policy: policy, inputs: inputs, warnings: warnings, budget: budget, faultPlaces: document.faultPlaces)
    }

    /// Runs the day and judges it. `tape`, when given, records the event stream; `progress`
    /// hears how far the run has got every simulated minute. With `trunk` (this run's fault-free
    /// day, paused: the same stack, guards and budget), the run branches from the latest pause
    /// before its plan's first event; what it gives is the same.
    public func run(tape: EventTape? = nil, progress: ((RunProgress) -> Void)? = nil, from trunk: RunTrunk? = nil) throws(HarnessError) -> RunReport {
        let started = DispatchTime.now().uptimeNanoseconds
        let faults = self.faults, guards = self.guards, config = self.config
        var spending = BudgetWatch(budget)
        let result: StackRunResult
        do {
            let watch = GuardWatch(guards: guards, firstFaultStart: faults.map(\.start).min())
            let check: ((Recorder, SimTime) -> GuardFiring?)? = guards.isEmpty ? nil : { recorder, t in watch.check(recorder, at: t) }
            let plan = { (world: StackWorld) throws(StackBuildError) -> FaultSchedule in try FaultPlan.schedule(faults, world: world) }
            // A trunk of another stack, guards or budget is not this run's: the run starts whole.
            if let trunk, trunk.serves(self), tape == nil, progress == nil, let branch = try trunk.branch(for: plan) {
                spending = BudgetWatch(budget, spentSeconds: branch.wallSeconds)
                var state = branch.state
                try state.plan { _ in branch.schedule }
                state.advance(to: config.dayEnd, guards: check, exhausted: spending.exhausted)
                result = state.finish()
            } else {
                result = try StackRun.run(
                    config, plan: plan, guards: check, tape: tape,
                    progress: progress.map { report in
                        { t, events in report(RunProgress(simulated: t, dayStart: config.dayStart, dayEnd: config.dayEnd, events: events)) }
                    },
                    exhausted: spending.exhausted)
            }
        } catch {
            let file = layout.map { "\(scenario) on \($0.path)" } ?? scenario
            throw .input(ScenarioDocument.locate(error.field, error.problem, in: file, faultPlaces: faultPlaces))
        }
        if let spent = spending.spent { throw HarnessError(.budgetExceeded, "\(scenario): stopped at \(result.lastEventTime): \(spent)") }
        let wall = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        return RunReport(run: result, card: Scorecard(result, policy: policy, faults: faults, guards: guards), scenarioFile: scenario,
                         faults: faults, wallSeconds: wall, peakMemoryBytes: PreparedRun.peakMemoryBytes())
    }

    /// The process's peak resident set, from getrusage (kilobytes on Linux).
    public static func peakMemoryBytes() -> Int64 {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Int64(usage.ru_maxrss) * 1024
    }
}
