import Chaos
import Kernel
import Scoring
import Stack

extension RunReport {
    /// `result.json`: schema `firedrill.result/1`. Everything but `wall_seconds`,
    /// `orders_per_wall_second` and `peak_memory_bytes` depends only on the scenario and seed.
    public var resultJSON: JSONValue {
        let o = card.outcomes
        let c = run.clearing
        var orders: [(String, JSONValue)] = [("sent", .int(o.sent)), ("acked", .int(o.acked))]
        for outcome in OrderOutcome.allCases where outcome != .pending { orders.append((outcome.code, .int(o[outcome]))) }
        orders += [
            ("lost", .int(o.lost)), ("duplicated", .int(o.duplicated)),
            ("rejected_by", .object(o.rejectedBy.map { ($0.reason.code, .int($0.count)) })),
            ("cancels_sent", .int(o.cancelsSent)), ("cancels_refused", .int(o.cancelsRefused)),
            ("queries", .int(o.queries)), ("queries_answered", .int(o.queriesAnswered)),
        ]
        let latency: [JSONValue] = card.latency.map { r in
            .object([
                ("client_class", .string(r.clientClass.name)), ("business", .string(r.business)), ("system", .string(r.system)),
                ("count", .int(r.count)), ("p50_ns", .int(r.p50Nanos)), ("p99_ns", .int(r.p99Nanos)),
                ("p999_ns", .int(r.p999Nanos)), ("max_ns", .int(r.maxNanos)), ("target_ns", .int(r.targetNanos)),
                ("judged_percentile", .fixed(run.config.sla.percentile, digits: 1)), ("judged_ns", .int(r.judgedNanos)),
                ("met", .bool(r.met)),
                ("first_fill_count", .int(r.firstFillCount)),
                ("first_fill_p50_ns", r.firstFillP50Nanos.map { .int($0) } ?? .null),
                ("first_fill_p99_ns", r.firstFillP99Nanos.map { .int($0) } ?? .null),
                ("hops_p50_ns", .object(zip(card.hopNames, r.hopP50Nanos).map { ($0, $1.map { .int($0) } ?? .null) })),
            ])
        }
        let invariants: [JSONValue] = card.invariants.map {
            .object([("name", .string($0.name)), ("held", .bool($0.held)), ("detail", .string($0.detail))])
        }
        let ordersPerWallSecond = wallSeconds > 0 ? Double(o.sent) / wallSeconds : 0
        return .object([
            ("schema", .string(RunReport.schema)),
            ("scenario", .string(run.config.name)),
            ("scenario_file", .string(scenarioFile)),
            ("seed", .int(Int64(bitPattern: run.config.seed))),
            ("digest", .string(run.digest)),
            ("verdict", .string(card.verdict)),
            ("simulated", .object([
                ("start", .string(run.config.dayStart.description)), ("end", .string(run.config.dayEnd.description)),
                ("last_event", .string(run.lastEventTime.description)),
                ("events", .int(Int64(run.events))),
            ])),
            ("orders", .object(orders)),
            ("latency", .array(latency)),
            ("invariants", .array(invariants)),
            ("clearing", .object([
                ("collected_at", c.collectedAt.map { .string($0.description) } ?? .null),
                ("accounts", .int(c.accounts)), ("cash_breaks", .int(c.cashBreaks)), ("position_breaks", .int(c.positionBreaks)),
                ("frozen_left", .int(c.frozenLeft)), ("fill_mismatches", .int(c.fillMismatches)),
                ("exchange_executions", .int(c.exchangeExecutions)), ("broker_fills_applied", .int(c.brokerFillsApplied)),
                ("cash_moves_sum_fen", .int(c.cashMovesSumFen)), ("unbalanced_symbols", .int(c.unbalancedSymbols)),
            ])),
            ("tiers", .array(run.tiers.map {
                .object([("name", .string($0.name)), ("kind", .string($0.kind.name)), ("queue_depth_max", .int($0.queueDepthMax)),
                         ("fills_applied", .int($0.fillsApplied))])
            })),
            ("exchanges", .array(run.exchanges.map {
                .object([("market", .string($0.market.name)), ("trades", .int(Int64($0.trades))),
                         ("broker_executions", .int($0.brokerExecutions)), ("other_members_orders", .int($0.otherMembersOrders))])
            })),
            ("faults", faultsJSON),
            ("slas", slasJSON),
            ("guards", .array(card.guards.map { g in
                let firing = card.guardFirings.first { $0.guardName == g.name }
                return .object([("name", .string(g.name)), ("action", .string(g.action.rawValue)), ("fired", .bool(firing != nil)),
                                ("at", RunReport.time(firing?.at)), ("at_ns", RunReport.nanos(firing?.at)),
                                ("detail", firing.map { .string($0.detail) } ?? .null)])
            })),
            ("stopped_at", RunReport.time(run.stoppedAt)),
            ("violation", violationJSON),
            ("headroom", headroomJSON),
            ("operations", operationsJSON),
            ("policy", card.policy.map { .string($0.name) } ?? .null),
            ("outages", .array(card.outages.map { o in
                .object([
                    ("system", .string(o.system)), ("full_ns", .int(o.fullNanos)), ("any_ns", .int(o.anyNanos)),
                    ("windows", .array(o.windows.map { w in
                        .object([("start", .string(w.start.description)), ("start_ns", .int(w.start.nanos)),
                                 ("end", .string(w.end.description)), ("end_ns", .int(w.end.nanos)),
                                 ("extent", .string(w.full ? "full" : "partial"))])
                    })),
                ])
            })),
            ("incidents", .array(card.incidents.map { i in
                .object([
                    ("system", .string(i.system)), ("outage_ns", .int(i.outageNanos)), ("grade", .string(i.grade)),
                    ("label", .string(i.label)), ("near_miss", .bool(i.nearMiss != nil)),
                    ("near_miss_grade", i.nearMiss.map { .string($0.grade) } ?? .null),
                    ("threshold_ns", i.nearMiss.map { .int($0.thresholdNanos) } ?? .null),
                    ("gap_ns", i.nearMiss.map { .int($0.gapNanos) } ?? .null),
                ])
            })),
            ("network", .object([("messages_dropped", .int(Int64(run.messagesDropped))), ("messages_cut", .int(Int64(run.messagesCut))),
                                     ("duplicates_discarded", .int(Int64(run.duplicatesDiscarded))),
                                     ("retransmissions", .int(Int64(run.sessions.retransmissions)))])),
            ("sessions", .object([
                ("redelivered", .int(Int64(run.sessions.redelivered))), ("redirected", .int(Int64(run.sessions.redirected))),
                ("lost_at_hung_hosts", .int(Int64(run.sessions.lostAtHungHosts))),
                ("lost_with_sender", .int(Int64(run.sessions.lostWithSender))), ("overflow", .int(Int64(run.sessions.overflow))),
                ("held_at_end", .int(Int64(run.sessions.heldAtEnd))), ("lost_in_memory", .int(Int64(run.sessions.lostInMemory))),
            ])),
            ("takeovers", .array(run.takeovers.map { t in
                .object([("node", .string(run.topology.name(of: t.node))),
                         ("from", .string(run.topology.hosts[t.from.index].name)), ("to", .string(run.topology.hosts[t.to.index].name)),
                         ("at", .string(t.at.description)), ("at_ns", .int(t.at.nanos)), ("cause", .string(t.cause.rawValue))])
            })),
            ("logons_refused", .int(Int64(run.logonsRefused))),
            ("series_file", .string(RunReport.seriesFile)),
            ("wall_seconds", .fixed(wallSeconds, digits: 3)),
            ("orders_per_wall_second", .fixed(ordersPerWallSecond, digits: 0)),
            ("peak_memory_bytes", .int(peakMemoryBytes)),
        ])
    }
}

extension RunReport {
    /// The invariant broken while the run went on (`null` if none was).
    var violationJSON: JSONValue {
        guard let v = run.violation else { return .null }
        return .object([("invariant", .string(v.invariant.rawValue)), ("at", RunReport.time(v.at)), ("at_ns", RunReport.nanos(v.at)),
                        ("order", .int(Int64(v.order))), ("node", .string(v.node)), ("event", .string(v.event)), ("detail", .string(v.detail))])
    }
}
