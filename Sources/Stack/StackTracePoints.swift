import Kernel

/// The trace points the stack fires, registered once per run. `a` is the order index (or
/// query id); `b` is what the point says it is.
public struct StackTracePoints: Sendable {
    /// A client sent an order.
    public let orderSent: TracePoint
    /// An order reached a gateway, a tier, left the tier for the exchange, reached the offer
    /// gateway, reached the exchange.
    public let gatewayIn: TracePoint
    public let tierIn: TracePoint
    public let tierOut: TracePoint
    public let offerIn: TracePoint
    public let exchangeIn: TracePoint
    /// The acknowledgement reached the client.
    public let clientAck: TracePoint
    /// A fill reached the client; `b` = shares.
    public let clientFill: TracePoint
    /// The client saw the order end; `b` = an `OrderEnd`'s field.
    public let clientTerminal: TracePoint
    /// A client sent a cancel; `b` = 1 when the cancel was refused (reported back).
    public let cancelSent: TracePoint
    public let cancelRefused: TracePoint
    /// A query was sent, and its merged answer reached the client.
    public let querySent: TracePoint
    public let queryAnswered: TracePoint
    /// A tier refused an instruction because its queue was full; `b` = queue length.
    public let tierBusy: TracePoint
    /// A fill the tier had already applied arrived again and was dropped.
    public let duplicateFill: TracePoint
    /// A dispatch centre forwarded a fund request (`a` = order) to the tier holding the
    /// client's assets (`b` = that tier's node), and the holder's answer back (`b` = 1 if refused).
    public let dispatchFundRequest: TracePoint
    public let dispatchFundReply: TracePoint
    /// An offer gateway without an exchange session refused an order (`a` = order).
    public let offerUnavailable: TracePoint
    /// The exchange answered an offer gateway's logon: `a` = the host, `b` = a `LogonAnswer`.
    public let offerLoggedOn: TracePoint
    /// A node moved to another host: `a` = the new host, `b` = the old host.
    public let takeover: TracePoint
    /// A host crashed, hung, paused or restarted: `a` = the host, `b` = a `HostChange`.
    public let hostChanged: TracePoint
    /// An order reached a service stage's instance, and left it for the next stage; `b` = the
    /// service's index (`Topology.serviceNames`).
    public let serviceIn: TracePoint
    public let serviceOut: TracePoint

    public init(registeringIn hub: inout TraceHub) {
        orderSent = hub.register("stack.order.sent")
        gatewayIn = hub.register("stack.gateway.in")
        tierIn = hub.register("stack.tier.in")
        tierOut = hub.register("stack.tier.out")
        offerIn = hub.register("stack.offer.in")
        exchangeIn = hub.register("stack.exchange.in")
        clientAck = hub.register("stack.client.ack")
        clientFill = hub.register("stack.client.fill")
        clientTerminal = hub.register("stack.client.terminal")
        cancelSent = hub.register("stack.client.cancel")
        cancelRefused = hub.register("stack.client.cancel_refused")
        querySent = hub.register("stack.query.sent")
        queryAnswered = hub.register("stack.query.answered")
        tierBusy = hub.register("stack.tier.busy")
        duplicateFill = hub.register("stack.tier.duplicate_fill")
        dispatchFundRequest = hub.register("stack.dispatch.fund_request")
        dispatchFundReply = hub.register("stack.dispatch.fund_reply")
        offerUnavailable = hub.register("stack.offer.unavailable")
        offerLoggedOn = hub.register("stack.offer.logon")
        takeover = hub.register("stack.host.takeover")
        hostChanged = hub.register("stack.host.changed")
        serviceIn = hub.register("stack.service.in")
        serviceOut = hub.register("stack.service.out")
    }
}
