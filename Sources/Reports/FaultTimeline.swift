import Chaos
import Kernel
import Scoring
import Stack

/// One line of the fault and incident timeline: when, and what happened.
public struct TimelineEntry: Equatable, Sendable {
    public var at: SimTime
    public var what: String
}

extension RunReport {
    /// Everything that happened around the faults, in time order: faults starting and ending,
    /// hosts taking over, alerts, failed probes and client reports reaching the operators,
    /// their declarations, decisions and steps, outages and recoveries. Entries at the same
    /// instant keep the order they were gathered in.
    public var timeline: [TimelineEntry] {
        var entries: [TimelineEntry] = []
        let topology = run.topology
        for f in card.faults {
            entries.append(TimelineEntry(at: f.start, what: "fault \(f.name) (\(f.kind)) starts on \(RunReport.summarize(f.target))"))
            if let end = f.end { entries.append(TimelineEntry(at: end, what: "fault \(f.name) ends")) }
            if let start = f.outageStart { entries.append(TimelineEntry(at: max(start, f.start), what: "clients failing after \(f.name)")) }
            if let back = f.recoveredAt { entries.append(TimelineEntry(at: back, what: "service back within SLA after \(f.name) (RTO \(RunReport.span(f.rtoNanos ?? 0)))")) }
        }
        for t in run.takeovers {
            entries.append(TimelineEntry(at: t.at, what: "\(topology.name(of: t.node)) now runs on \(topology.hosts[t.to.index].name) (\(t.cause == .heartbeat ? "heartbeats stopped" : "operator"))"))
        }
        for c in run.rotationChanges {
            entries.append(TimelineEntry(at: c.at, what: "\(topology.name(of: c.gateway)) \(c.joined ? "back in" : "out of") its load balancer's rotation"))
        }
        for s in run.signals { entries.append(TimelineEntry(at: s.at, what: "\(s.source.rawValue) reaches the operators: \(s.detail)")) }
        for a in run.alerts where a.deliveredAt == nil {
            entries.append(TimelineEntry(at: a.firedAt, what: "alert \(a.rule) on \(topology.hosts[a.host.index].name) fired but never reached the console"))
        }
        for e in run.operatorLog {
            let fault = e.fault.map { run.faults[$0].name }
            let what: String
            switch e.kind {
            case .noticed: what = "operators notice"
            case let .declared(level): what = "operators locate \(fault ?? "the fault") and declare \(level.rawValue)"
            case let .decided(runbook): what = runbook.map { "operators decide: runbook \($0) for \(fault ?? "")" } ?? "operators decide: no runbook for \(fault ?? "")"
            case .automatedSucceeded: what = "automated switch for \(fault ?? "") succeeded"
            case .automatedFailed: what = "automated switch for \(fault ?? "") failed; manual steps follow"
            case let .stepDone(k, summary): what = "step \(k + 1) for \(fault ?? ""): \(summary)"
            case .completed: what = "runbook for \(fault ?? "") completed"
            case .nothingFound: what = "operators find nothing behind the signal"
            case .progressReport: what = "progress report (red response) on \(fault ?? "")"
            }
            entries.append(TimelineEntry(at: e.at, what: what))
        }
        for g in run.guardFirings {
            entries.append(TimelineEntry(at: g.at, what: "guard \(g.guardName) fires (\(g.detail)): \(g.action == .rollback ? "every fault rolled back" : "run stopped")"))
        }
        for i in card.incidents {
            let miss = i.nearMiss.map { "; near miss: \(RunReport.duration($0.gapNanos)) short of \($0.grade)" } ?? ""
            entries.append(TimelineEntry(at: run.config.dayEnd, what: "incident on \(i.system): \(i.grade) \(i.label), \(RunReport.duration(i.outageNanos)) down\(miss)"))
        }
        return entries.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
    }

    static func summarize(_ names: [String]) -> String {
        names.count <= 4 ? names.joined(separator: ", ") : names.prefix(3).joined(separator: ", ") + " and \(names.count - 3) more hosts"
    }

    static func time(_ t: SimTime?) -> JSONValue { t.map { .string($0.clockMillis) } ?? .null }
    static func nanos(_ t: SimTime?) -> JSONValue { t.map { .int($0.nanos) } ?? .null }

    /// `faults` in result.json: each fault with its detection, decision, recovery and loss.
    var faultsJSON: JSONValue {
        .array(card.faults.enumerated().map { k, f in
            let spec = k < faults.count ? faults[k] : nil
            func steady(_ s: SteadyState?) -> JSONValue {
                guard let s else { return .null }
                return .object([("from", .string(s.from.clockMillis)), ("to", .string(s.to.clockMillis)), ("interactions", .int(s.interactions)),
                                ("failed_ratio", .fixed(s.failedRatio, digits: 4)), ("ack_p99_ns", s.ackP99Nanos.map { .int($0) } ?? .null)])
            }
            return .object([
                ("name", .string(f.name)), ("kind", .string(f.kind)),
                ("target", .string(spec.map(RunReport.target) ?? f.target.joined(separator: ", "))),
                ("hosts", .array(f.target.map { .string($0) })),
                ("start", .string(f.start.clockMillis)), ("start_ns", .int(f.start.nanos)),
                ("end", RunReport.time(f.end)), ("end_ns", RunReport.nanos(f.end)),
                ("detected_at", RunReport.time(f.detectedAt)), ("detected_at_ns", RunReport.nanos(f.detectedAt)),
                ("detected_by", f.detectedBy.map { .string($0) } ?? .null),
                ("level", f.level.map { .string($0.rawValue) } ?? .null),
                ("decided_at", RunReport.time(f.decidedAt)), ("decided_at_ns", RunReport.nanos(f.decidedAt)),
                ("runbook", f.runbook.map { .string($0) } ?? .null),
                ("runbook_completed_at", RunReport.time(f.completedAt)),
                ("outage_start", RunReport.time(f.outageStart)),
                ("recovered_at", RunReport.time(f.recoveredAt)), ("recovered_at_ns", RunReport.nanos(f.recoveredAt)),
                ("rto_ns", f.rtoNanos.map { .int($0) } ?? .null), ("rpo_orders", .int(f.rpoOrders)),
                ("steady_state", .object([("before", steady(f.before)), ("during", steady(f.during)), ("after", steady(f.after))])),
            ])
        })
    }

    var slasJSON: JSONValue {
        .array(card.slas.map { .object([("kind", .string($0.kind.rawValue)), ("name", .string($0.name)), ("met", .bool($0.met)), ("value", .string($0.value)), ("limit", .string($0.limit))]) })
    }

    var headroomJSON: JSONValue {
        .array(card.headroom.map { h in
            .object([("pool", .string(h.pool)), ("instances", .int(h.instances)), ("utilization", .fixed(h.utilization, digits: 3)),
                     ("ceiling", .fixed(h.ceiling, digits: 2)), ("max_failures", .int(h.maxFailures)), ("observed_down", .int(h.observedDown)),
                     ("observations", .array(h.observations.map { o in
                         .object([("down", .int(o.down)), ("from", .string(o.from.clockMillis)), ("to", .string(o.to.clockMillis)),
                                  ("within_bound", .bool(o.withinBound)), ("p99_ns", o.p99Nanos.map { .int($0) } ?? .null),
                                  ("target_ns", .int(o.targetNanos)), ("held", o.held.map { .bool($0) } ?? .null)])
                     }))])
        })
    }

    var operationsJSON: JSONValue {
        .object([
            ("signals", .array(run.signals.map { s in
                .object([("source", .string(s.source.rawValue)), ("at", .string(s.at.clockMillis)), ("at_ns", .int(s.at.nanos)),
                         ("detail", .string(s.detail))])
            })),
            ("alerts_fired", .int(run.alerts.count)),
            ("alerts_delivered", .int(run.alerts.filter { $0.deliveredAt != nil }.count)),
            ("probes", .int(run.probes.count)),
            ("probes_failed", .int(run.probes.filter { !$0.ok }.count)),
            ("client_reports", .int(run.clientReports.count)),
            ("timeline", .array(timeline.map { .object([("at", .string($0.at.clockMillis)), ("at_ns", .int($0.at.nanos)), ("what", .string($0.what))]) })),
        ])
    }
}
