import Kernel
import Net

/// The people on duty (SPEC §6): a signal reaches them — an alert on the console, a failed
/// probe, a client report — and after `notice` they start on it; after `diagnose` they have
/// located the faults behind it (the run's ground truth: whatever is active and unhandled then)
/// and declared a response level; after `decide` they run the matching runbook: its automated
/// switch first, if it has one, which may fail, then the manual steps one after another. During
/// a red response they report progress every `progressInterval` until the runbook completes.
struct OperationsState {
    enum Agenda: Equatable {
        case notice
        case diagnose
        case decide(fault: Int, runbook: Int?)
        case automated(fault: Int, runbook: Int)
        case step(fault: Int, runbook: Int, index: Int)
        case progress(fault: Int)
    }

    let config: OperatorsConfig
    var random: Xoshiro256StarStar
    var faults: [InjectedFault] = []
    /// Per fault: a response under way or done; when an operator cleared its cause; when its runbook completed.
    var handled: [Bool] = []
    var clearedAt: [SimTime?] = []
    var completedAt: [SimTime?] = []
    var signals: [Signal] = []
    var log: [OperatorEvent] = []
    var investigating = false
    var agenda: [Agenda] = []
}

extension StackWorld {
    /// The faults of the run's plan, for the operators to find and the checkers to attribute.
    mutating func register(_ faults: [InjectedFault]) {
        ops.faults = faults
        ops.handled = Array(repeating: false, count: faults.count)
        ops.clearedAt = Array(repeating: nil, count: faults.count)
        ops.completedAt = Array(repeating: nil, count: faults.count)
    }

    /// Something reached the operators.
    mutating func signal(_ s: Signal, in sim: inout Simulation<StackPayload>) {
        ops.signals.append(s)
        guard !ops.investigating else { return }
        ops.investigating = true
        schedule(.notice, after: Bounded.delay(ops.config.notice, &ops.random), in: &sim)
    }

    private mutating func schedule(_ item: OperationsState.Agenda, after nanos: Int64, in sim: inout Simulation<StackPayload>) {
        let k = UInt32(ops.agenda.count)
        ops.agenda.append(item)
        sim.setTimer(.timer(.ops(k)), for: ctx.topology.operators, after: SimDuration(nanos: nanos))
    }

    private mutating func note(_ kind: OperatorEvent.Kind, fault: Int?, _ sim: Simulation<StackPayload>) {
        ops.log.append(OperatorEvent(at: sim.now, fault: fault, kind: kind))
    }

    /// Whether fault `f` acts at `t`: started, not ended, not cleared.
    func isActive(_ f: Int, at t: SimTime) -> Bool {
        let fault = ops.faults[f]
        return fault.start <= t && (fault.end.map { t < $0 } ?? true) && ops.clearedAt[f] == nil
    }

    mutating func operate(_ k: UInt32, in sim: inout Simulation<StackPayload>) {
        switch ops.agenda[Int(k)] {
        case .notice:
            note(.noticed, fault: nil, sim)
            schedule(.diagnose, after: Bounded.delay(ops.config.diagnose, &ops.random), in: &sim)
        case .diagnose:
            ops.investigating = false
            let located = ops.faults.indices.filter { isActive($0, at: sim.now) && !ops.handled[$0] }
            if located.isEmpty { note(.nothingFound, fault: nil, sim) }
            for f in located {
                ops.handled[f] = true
                let runbook = ops.config.runbooks.firstIndex { matches($0, ops.faults[f]) }
                let level = runbook.map { ops.config.runbooks[$0].level } ?? .red
                note(.declared(level), fault: f, sim)
                schedule(.decide(fault: f, runbook: runbook), after: Bounded.delay(ops.config.decide, &ops.random), in: &sim)
                if level == .red { schedule(.progress(fault: f), after: ops.config.progressInterval.nanos, in: &sim) }
            }
        case let .decide(f, runbook):
            note(.decided(runbook: runbook.map { ops.config.runbooks[$0].name }), fault: f, sim)
            guard let r = runbook else { return }
            let book = ops.config.runbooks[r]
            if let automated = book.automatedTake {
                schedule(.automated(fault: f, runbook: r), after: Bounded.delay(automated, &ops.random), in: &sim)
            } else if let first = book.steps.first {
                schedule(.step(fault: f, runbook: r, index: 0), after: Bounded.delay(first.take, &ops.random), in: &sim)
            } else {
                complete(f, sim)
            }
        case let .automated(f, r):
            let book = ops.config.runbooks[r]
            if book.automatedFailureProbability > 0 && ops.random.chance(book.automatedFailureProbability) {
                // The one-click switch failed: the manual path, from its first step.
                note(.automatedFailed, fault: f, sim)
                if let first = book.steps.first {
                    schedule(.step(fault: f, runbook: r, index: 0), after: Bounded.delay(first.take, &ops.random), in: &sim)
                } else {
                    complete(f, sim)
                }
            } else {
                note(.automatedSucceeded, fault: f, sim)
                for step in book.steps { perform(step.action, fault: f, in: &sim) }
                complete(f, sim)
            }
        case let .step(f, r, index):
            let steps = ops.config.runbooks[r].steps
            perform(steps[index].action, fault: f, in: &sim)
            note(.stepDone(index, steps[index].action.summary), fault: f, sim)
            if index + 1 < steps.count {
                schedule(.step(fault: f, runbook: r, index: index + 1), after: Bounded.delay(steps[index + 1].take, &ops.random), in: &sim)
            } else {
                complete(f, sim)
            }
        case let .progress(f):
            guard ops.completedAt[f] == nil, sim.now < config.dayEnd, isActive(f, at: sim.now) || ops.clearedAt[f] != nil else { return }
            note(.progressReport, fault: f, sim)
            schedule(.progress(fault: f), after: ops.config.progressInterval.nanos, in: &sim)
        }
    }

    private mutating func complete(_ f: Int, _ sim: Simulation<StackPayload>) {
        ops.completedAt[f] = sim.now
        note(.completed, fault: f, sim)
    }

    /// Whether a runbook is for `fault`: every filter it gives holds (`for: { sites: [shenzhen],
    /// kinds: [site_loss] }` is a site loss at Shenzhen, not any fault there nor any site loss):
    /// the fault's kind is one of its kinds, one of the fault's hosts (or their nodes) is one of
    /// its hosts, one of them is on one of its sites. A runbook with no filter is for every fault.
    func matches(_ book: Runbook, _ fault: InjectedFault) -> Bool {
        let topology = ctx.topology
        if !book.forKinds.isEmpty && !book.forKinds.contains(fault.kind) { return false }
        if !book.forHosts.isEmpty && !fault.hosts.contains(where: { id in
            let h = topology.hosts[id.index]
            return book.forHosts.contains(h.name) || book.forHosts.contains(topology.name(of: h.node))
        }) { return false }
        if !book.forSites.isEmpty && !fault.hosts.contains(where: { book.forSites.contains(topology.siteNames[topology.hosts[$0.index].site]) }) {
            return false
        }
        return true
    }

    /// Does what a runbook step says to the stack, now.
    mutating func perform(_ action: RunbookAction, fault: Int?, in sim: inout Simulation<StackPayload>) {
        let topology = ctx.topology
        switch action {
        case let .switchOver(name):
            guard var host = topology.host(named: name) else { return }
            let node = topology.node(ofHost: host)
            // Naming a node's primary means "to its standby" when the primary is the one running.
            if topology.hosts[host.index].role == .primary, ctx.hosts.active[Int(node)] == host,
               let standby = topology.nodes[Int(node)].hosts.first(where: { topology.hosts[$0.index].role == .standby }) {
                host = standby
            }
            takeOver(node, by: host, cause: .operator, in: &sim)
        case let .restart(name):
            if let host = topology.host(named: name) { operatorRestart(host, in: &sim) }
        case let .install(name, version, configLabel):
            if let host = topology.host(named: name) {
                let software = HostSoftware(version: version ?? config.software.version, config: configLabel ?? config.software.config)
                operatorInstall(host, software, in: &sim)
            }
        case let .drFailover(site):
            failOver(site: site, in: &sim)
        case let .drFailback(site):
            failBack(site: site, in: &sim)
        case let .drain(name):
            if let host = topology.host(named: name) { setRotation(topology.node(ofHost: host), inRotation: false, at: sim.now) }
        case let .undrain(name):
            if let host = topology.host(named: name) { setRotation(topology.node(ofHost: host), inRotation: true, at: sim.now) }
        case .clearFault:
            guard let f = fault, ops.clearedAt[f] == nil else { return }
            ops.clearedAt[f] = sim.now
            withdraw(fault: f, in: &sim)
        case .note:
            break
        }
    }

    /// A guard rolls the plan back: every fault acting now is cleared.
    mutating func clearActiveFaults(in sim: inout Simulation<StackPayload>) {
        for f in ops.faults.indices where ops.clearedAt[f] == nil {
            if isActive(f, at: sim.now) {
                ops.clearedAt[f] = sim.now
                withdraw(fault: f, in: &sim)
            } else if ops.faults[f].start > sim.now {
                ops.clearedAt[f] = sim.now // cancelled before it started
            }
        }
    }
}

extension RunbookAction {
    /// What the step did, for the timeline.
    public var summary: String {
        switch self {
        case let .switchOver(host): return "switch over \(host)"
        case let .restart(host): return "restart \(host)"
        case let .install(host, version, config):
            let what = [version, config].compactMap { $0 }
            return "install \(what.isEmpty ? "production software" : what.joined(separator: " ")) on \(host)"
        case let .drFailover(site): return "fail \(site) over to the DR site"
        case let .drFailback(site): return "fail \(site) back from the DR site"
        case let .drain(host): return "take \(host) out of the load balancer"
        case let .undrain(host): return "put \(host) back in the load balancer"
        case .clearFault: return "stop the cause"
        case let .note(text): return text
        }
    }
}
