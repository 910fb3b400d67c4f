import Kernel
import Net

/// How faults reach the stack: a contribution starts or ends, the effective state of what it
/// acts on is derived again from the baseline and every active contribution (`ActiveFaults`),
/// and only the differences are applied.
extension StackWorld {
    /// One step of making the stack's state what the active faults say: a stack or a network change.
    enum StateChange: Equatable {
        case stack(StackControl)
        case network(NetControl)

        var text: String {
            switch self {
            case let .stack(control): return "stack \(control)"
            case let .network(control): return "network \(control)"
            }
        }
    }

    /// Declares the partitions a plan needs on the run's network, in order.
    public mutating func declare(_ partitions: [PartitionDeclaration]) throws(StackBuildError) {
        for p in partitions {
            do throws(NetError) { partitionIDs.append(try ctx.sessions.network.declarePartition(p.name, groups: p.groups)) }
            catch { throw StackBuildError(field: "faults", error.description) }
        }
    }

    /// Takes a plan's changes and actions: each becomes an event at its time; returns the ids of
    /// the events that start a fault (a guard that rolls the plan back cancels those still to come).
    /// Each event takes the next of `sequences`, set aside when the world started.
    mutating func schedule(_ schedule: FaultSchedule, in sim: inout Simulation<StackPayload>,
                           sequences: Range<UInt64>) throws(StackBuildError) -> [EventID] {
        let total = schedule.changes.count + schedule.actions.count + schedule.forged.count
        guard total <= sequences.count else {
            throw StackBuildError(field: "faults", "the plan makes \(total) changes and actions; a run takes at most \(sequences.count)")
        }
        var sequence = sequences.lowerBound
        func next() -> UInt64 { defer { sequence += 1 }; return sequence }
        var starts: [EventID] = []
        for change in schedule.changes {
            guard change.time >= config.dayStart else {
                throw StackBuildError(field: "faults", "a change at \(change.time) is before the day starts (\(config.dayStart))")
            }
            if case let .partition(index) = change.effect, !partitionIDs.indices.contains(index) {
                throw StackBuildError(field: "faults", "a change refers to partition \(index), which the plan did not declare")
            }
            guard change.fault >= 0 else { throw StackBuildError(field: "faults", "a change names fault \(change.fault)") }
            let id = sim.schedule(.change(UInt32(changes.count)), to: .world, at: change.time, sequence: next())
            changes.append(change)
            if change.starts {
                starts.append(id)
                noteStart(change)
            }
        }
        for scheduled in schedule.actions {
            guard scheduled.time >= config.dayStart else {
                throw StackBuildError(field: "actions", "an action at \(scheduled.time) is before the day starts (\(config.dayStart))")
            }
            if case .clearFault = scheduled.action { throw StackBuildError(field: "actions", "clear_fault belongs to a fault's runbook") }
            _ = sim.schedule(.action(UInt32(scheduledActions.count)), to: .world, at: scheduled.time, sequence: next())
            scheduledActions.append(.action(scheduled.action))
        }
        for f in schedule.forged {
            guard f.time >= config.dayStart, Int(f.from) < topology.nodes.count, Int(f.to) < topology.nodes.count else {
                throw StackBuildError(field: "forged", "a forged message needs a time in the day and two nodes of the stack")
            }
            _ = sim.schedule(.action(UInt32(scheduledActions.count)), to: .world, at: f.time, sequence: next())
            scheduledActions.append(.forged(f))
        }
        return starts
    }

    /// Fault `fault` starts or stops contributing `effect` now; `source` names who for the tape
    /// (`world` for the plan, `operators` for a clear).
    mutating func change(_ fault: Int, _ effect: FaultEffect, starts: Bool, source: String, in sim: inout Simulation<StackPayload>) {
        ctx.telemetry.digest.feed(UInt8(effect.isNetwork ? 0xC0 : 0xC1))
        ctx.telemetry.digest.feed(sim.now)
        if starts { faultState.start(fault, effect) } else { faultState.end(fault, effect) }
        settle(effect.target, source: source, in: &sim)
    }

    /// An operator or a guard stops fault `f`: every contribution it started ends now.
    mutating func withdraw(fault f: Int, in sim: inout Simulation<StackPayload>) {
        guard f < effectsOfFault.count else { return }
        for effect in effectsOfFault[f] { change(f, effect, starts: false, source: "operators", in: &sim) }
    }

    /// Brings `target`'s applied state to what the active faults make it, recording what changed.
    mutating func settle(_ target: FaultEffect.Target, source: String, in sim: inout Simulation<StackPayload>) {
        let steps = stateChanges(target)
        if let tape = ctx.telemetry.tape {
            tape.record(sim.now, source, steps.isEmpty ? "no change to \(target)" : steps.map(\.text).joined(separator: "; "))
        }
        for step in steps {
            switch step {
            case let .stack(control): apply(control, in: &sim)
            case let .network(control):
                do { try ctx.sessions.network.apply(control, at: sim.now) } catch { preconditionFailure("network control refused: \(error)") }
            }
        }
    }

    /// What must change for `target` to be as the active faults say.
    func stateChanges(_ target: FaultEffect.Target) -> [StateChange] {
        var steps: [StateChange] = []
        switch target {
        case let .host(h):
            let now = hostCondition(h)
            let wanted = faultState.host(h, software: baseSoftware[h.index])
            if now.state != wanted.state {
                switch wanted.state {
                case .up: steps.append(.stack(lostMemory[h.index] ? .restart(host: h) : .resume(host: h)))
                case .crashed: steps.append(.stack(.crash(host: h)))
                case .hung: steps.append(.stack(.hang(host: h)))
                case .paused: steps.append(.stack(.pause(host: h)))
                }
            }
            if now.slowdown != wanted.slowdown || now.load != wanted.load {
                steps.append(.stack(.slowdown(host: h, factor: wanted.slowdown, load: wanted.load)))
            }
            if now.hiddenMetrics != wanted.hiddenMetrics { steps.append(.stack(.hideMetrics(host: h, mask: wanted.hiddenMetrics))) }
            if now.software != wanted.software { steps.append(.stack(.install(host: h, wanted.software))) }
            if now.clockSkewNanos != wanted.clockSkewNanos { steps.append(.stack(.skewClock(host: h, nanos: wanted.clockSkewNanos))) }
        case let .node(n):
            let wanted = faultState.impairment(ofNode: n)
            if ctx.conditions.impairments[Int(n)].impairment != wanted { steps.append(.stack(.impair(node: n, wanted))) }
        case let .site(s):
            let wanted = faultState.healthChecksEnabled(site: s)
            if ctx.conditions.healthChecksEnabled[s] != wanted { steps.append(.stack(.healthChecks(site: s, enabled: wanted))) }
        case let .link(l):
            let now = linkCondition(l)
            let wanted = faultState.link(l, baseline: baseLinks[l.index])
            if now.up != wanted.up { steps.append(.network(.setLinkUp(l, wanted.up))) }
            if now.extraDelay != wanted.extraDelay { steps.append(.network(.setExtraDelay(l, wanted.extraDelay))) }
            if now.jitter != wanted.jitter { steps.append(.network(.setJitter(l, wanted.jitter))) }
            if now.loss != wanted.loss { steps.append(.network(.setLoss(l, wanted.loss))) }
            if now.duplication != wanted.duplication { steps.append(.network(.setDuplication(l, wanted.duplication))) }
            if now.reorderProbability != wanted.reorderProbability || now.reorderDelay != wanted.reorderDelay {
                steps.append(.network(.setReorder(l, wanted.reorderProbability, wanted.reorderDelay)))
            }
        case let .partition(index):
            let id = partitionIDs[index]
            let wanted = faultState.partitionActive(index)
            if ctx.sessions.network.partitions[id.index].active != wanted { steps.append(.network(wanted ? .partition(id) : .heal(id))) }
        case .packetFilters:
            let wanted = faultState.packetFilters
            if ctx.sessions.lossFilters != wanted { steps.append(.stack(.filterPackets(wanted))) }
        }
        return steps
    }

    // MARK: What the stack runs with now (read back from the nodes and the network)

    /// A host's state as the stack applies it now.
    public func hostCondition(_ h: HostID) -> ActiveFaults.HostCondition {
        ActiveFaults.HostCondition(state: ctx.hosts.state[h.index], slowdown: ctx.hosts.slowdown[h.index], load: ctx.hosts.cpuLoad[h.index],
                                   hiddenMetrics: ctx.hosts.hiddenMetrics[h.index], software: ctx.hosts.software[h.index],
                                   clockSkewNanos: ctx.hosts.clockSkewNanos[h.index])
    }

    /// A link's state as the network applies it now.
    public func linkCondition(_ l: LinkID) -> ActiveFaults.LinkCondition {
        let link = ctx.sessions.network.links[l.index]
        return ActiveFaults.LinkCondition(up: link.spec.up, extraDelay: link.extraDelay, jitter: link.spec.jitter,
                                          loss: link.spec.lossProbability, duplication: link.spec.duplicationProbability,
                                          reorderProbability: link.reorder.probability, reorderDelay: link.reorder.delay)
    }

    /// The network's links: how many, the hosts at their ends, and each one's configured spec.
    public var linkCount: Int { ctx.sessions.network.links.count }
    public func linkEnds(_ l: LinkID) -> (HostID, HostID) { (ctx.sessions.network.links[l.index].a, ctx.sessions.network.links[l.index].b) }
    public func baseline(of l: LinkID) -> LinkSpec { baseLinks[l.index] }

    /// A node's impairment, a site's health checks, a declared partition and the drop filters, as applied now.
    public func impairment(ofNode n: StackNodeID) -> NodeImpairment { ctx.conditions.impairments[Int(n)].impairment }
    public func healthChecksEnabled(site: Int) -> Bool { ctx.conditions.healthChecksEnabled[site] }
    public func partitionActive(_ index: Int) -> Bool { ctx.sessions.network.partitions[partitionIDs[index].index].active }
    public var packetFilters: [LossFilter] { ctx.sessions.lossFilters }

    /// Applies a change of the plan now, outside the event queue: what the run does when the
    /// change's event fires (for tests that step through a plan's changes).
    public mutating func applyNow(_ change: ScheduledChange, in sim: inout Simulation<StackPayload>) {
        if change.starts { noteStart(change) }
        self.change(change.fault, change.effect, starts: change.starts, source: "world", in: &sim)
    }

    /// Keeps what a change starts with its fault, for an operator's clear to end.
    private mutating func noteStart(_ change: ScheduledChange) {
        while effectsOfFault.count <= change.fault { effectsOfFault.append([]) }
        effectsOfFault[change.fault].append(change.effect)
    }

    // MARK: Operators' repairs

    /// An operator restarts a host: whatever held it down, hung or paused is over for it, and the
    /// host starts again with nothing in memory.
    mutating func operatorRestart(_ host: HostID, in sim: inout Simulation<StackPayload>) {
        faultState.withdraw { $0.effect.holdsHostState && $0.effect.target == .host(host) }
        guard ctx.hosts.state[host.index] != .up else { return }
        lostMemory[host.index] = true
        apply(.restart(host: host), in: &sim)
    }

    /// An operator installs software on a host: it becomes the host's own, and the drifts that
    /// were acting on it are over for it.
    mutating func operatorInstall(_ host: HostID, _ software: HostSoftware, in sim: inout Simulation<StackPayload>) {
        faultState.withdraw {
            if case let .drift(h, _, _) = $0.effect { return h == host }
            return false
        }
        baseSoftware[host.index] = software
        apply(.install(host: host, software), in: &sim)
    }
}
