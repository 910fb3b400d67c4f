import Kernel

/// An offer gateway (报盘): one per exchange per site (and per lane, where a business has
/// gateways of its own), carrying a site's tier instances' instructions to the exchange and
/// the exchange's reports back to the tier that sent them.
///
/// It must be logged on to the exchange to submit anything. Whichever host runs it logs on when
/// it starts — at the start of the day, after a restart, after a takeover — and the exchange
/// refuses a host whose software is not what the link needs (SPEC §5 "configuration drift");
/// it then tries again every `logonRetryInterval`. Until it is logged on, it refuses orders and
/// cancels as `unavailable`, and holds the exchange's reports, which the exchange replays once
/// the session is up again.
struct OfferGateway: StackNode {
    /// The parts of the run's shared state this node uses.
    typealias Parts = WirePart & ConditionsPart & LedgerPart & TelemetryPart

    let node: StackNodeID
    let processing: Distribution
    let logonRetryNanos: Int64
    var random: Xoshiro256StarStar
    var loggedOn = false
    /// Reports from the exchange held while no session was logged on, in arrival order.
    var held: [StackMessage] = []
    var logonsRefused = 0
    var retryPending = false

    /// Whichever host runs the gateway now (re)starts its exchange session.
    mutating func logOn<C: Parts>(ctx: inout C, in sim: inout Simulation<StackPayload>) {
        loggedOn = false
        let host = Int16(ctx.hosts.active[Int(node)].raw)
        ctx.send(.logon(host: host), from: node, to: exchange(ctx), in: &sim)
    }

    /// A new process logs on; a resumed one still has its session.
    mutating func started<C: Parts>(_ start: NodeStart, ctx: inout C, in sim: inout Simulation<StackPayload>) {
        if start != .resumed { logOn(ctx: &ctx, in: &sim) }
    }

    func scrape(into sample: inout MetricSample) { sample.session = loggedOn ? 1 : 0 }

    func exchange<C: Parts>(_ ctx: C) -> StackNodeID {
        // An offer gateway serves one market, recorded in the topology.
        ctx.topology.exchanges[ctx.topology.offerMarket[Int(node)]]
    }

    mutating func receive<C: Parts>(_ message: StackMessage, ctx: inout C, in sim: inout Simulation<StackPayload>) {
        let delay = Bounded.delay(processing, &random) + ctx.conditions.impairments[Int(node)].impairment.extraDelay.nanos
        switch message {
        case let .order(i):
            ctx.emit(ctx.telemetry.points.offerIn, sim, node: node, i)
            ctx.telemetry.handled[Int(node)] += 1
            if let refusal = ctx.conditions.impairments[Int(node)].refusal(at: sim.now.nanos, &random) {
                ctx.telemetry.refused[Int(node)] += 1
                ctx.send(.reject(i, refusal), from: node, to: ctx.beforeOffer(i), afterNanos: delay, in: &sim)
            } else if loggedOn {
                ctx.send(message, from: node, to: exchange(ctx), afterNanos: delay, in: &sim)
            } else {
                ctx.telemetry.refused[Int(node)] += 1
                ctx.emit(ctx.telemetry.points.offerUnavailable, sim, node: node, i)
                ctx.send(.reject(i, .unavailable), from: node, to: ctx.beforeOffer(i), afterNanos: delay, in: &sim)
            }
        case let .cancel(i):
            if loggedOn {
                ctx.send(message, from: node, to: exchange(ctx), afterNanos: delay, in: &sim)
            } else {
                ctx.send(.cancelReject(i, .unavailable), from: node, to: ctx.beforeOffer(i), afterNanos: delay, in: &sim)
            }
        case let .ack(i), let .reject(i, _), let .cancelReject(i, _), let .fill(i, _), let .closed(i, _, _):
            if loggedOn {
                ctx.send(message, from: node, to: ctx.beforeOffer(i), afterNanos: delay, in: &sim)
            } else {
                held.append(message)
            }
        case let .logonReply(host, accepted):
            guard host == Int16(ctx.hosts.active[Int(node)].raw), !loggedOn else { return } // an answer to a host no longer running it
            if accepted {
                loggedOn = true
                ctx.emit(ctx.telemetry.points.offerLoggedOn, sim, node: node, UInt32(host), LogonAnswer.accepted.rawValue)
                let replay = held
                held = []
                for report in replay { receive(report, ctx: &ctx, in: &sim) }
            } else {
                logonsRefused += 1
                ctx.emit(ctx.telemetry.points.offerLoggedOn, sim, node: node, UInt32(host), LogonAnswer.refused.rawValue)
                if !retryPending {
                    retryPending = true
                    sim.setTimer(.timer(.logonRetry), for: node.target, after: SimDuration(nanos: logonRetryNanos))
                }
            }
        default:
            preconditionFailure("offer gateway got \(message)")
        }
    }

    mutating func timer<C: Parts>(_ timer: StackTimer, ctx: inout C, in sim: inout Simulation<StackPayload>) {
        guard timer == .logonRetry else { preconditionFailure("offer gateway got \(timer)") }
        retryPending = false
        if !loggedOn { logOn(ctx: &ctx, in: &sim) }
    }
}
