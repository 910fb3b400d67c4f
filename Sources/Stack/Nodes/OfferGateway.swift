import Kernel

/// An offer gateway (报盘): one per exchange per site, carrying a site's tier instances'
/// instructions to the exchange and the exchange's reports back to the tier that sent them.
struct OfferGateway {
    let node: Int16
    let processing: Distribution
    var random: Xoshiro256StarStar

    mutating func receive(_ message: StackMessage, ctx: inout StackContext, in sim: inout Simulation<StackPayload>) {
        let delay = Bounded.delay(processing, &random)
        switch message {
        case let .order(i):
            ctx.emit(ctx.points.offerIn, sim, node: node, i)
            ctx.send(message, from: node, to: ctx.topology.exchanges[ctx.orders[i].market.rawValue], afterNanos: delay, in: &sim)
        case let .cancel(i):
            ctx.send(message, from: node, to: ctx.topology.exchanges[ctx.orders[i].market.rawValue], afterNanos: delay, in: &sim)
        case let .ack(i), let .reject(i, _), let .cancelReject(i, _), let .fill(i, _), let .closed(i, _, _):
            ctx.send(message, from: node, to: ctx.orders[i].tier, afterNanos: delay, in: &sim)
        default:
            preconditionFailure("offer gateway got \(message)")
        }
    }
}
