import Kernel

extension StackMessage {
    /// Feeds the message's kind and fields to the run digest in a fixed layout.
    func feed(into d: inout RunDigest) {
        switch self {
        case let .order(i): d.feed(UInt8(1)); d.feed(i)
        case let .cancel(i): d.feed(UInt8(2)); d.feed(i)
        case let .ack(i): d.feed(UInt8(3)); d.feed(i)
        case let .reject(i, r): d.feed(UInt8(4)); d.feed(i); d.feed(r.raw)
        case let .cancelReject(i, r): d.feed(UInt8(5)); d.feed(i); d.feed(r.raw)
        case let .fill(i, f): d.feed(UInt8(6)); d.feed(i); d.feed(f.tradeID); d.feed(f.quantity); d.feed(f.priceFen)
        case let .closed(i, remaining, cause): d.feed(UInt8(7)); d.feed(i); d.feed(remaining); d.feed(cause.rawValue)
        case let .fundRequest(i): d.feed(UInt8(8)); d.feed(i)
        case let .fundReply(i, r): d.feed(UInt8(9)); d.feed(i); d.feed(r?.raw ?? 255)
        case let .settle(i, s):
            d.feed(UInt8(10)); d.feed(i)
            switch s {
            case let .fill(q, p): d.feed(UInt8(0)); d.feed(q); d.feed(p)
            case let .release(q): d.feed(UInt8(1)); d.feed(q)
            case .subscribe: d.feed(UInt8(2))
            }
        case let .query(q): d.feed(UInt8(11)); d.feed(q.id)
        case let .queryPart(q): d.feed(UInt8(12)); d.feed(q.id)
        case let .queryPartReply(q): d.feed(UInt8(13)); d.feed(q.id)
        case let .queryReply(q): d.feed(UInt8(14)); d.feed(q.id)
        case let .marketData(m, seq): d.feed(UInt8(15)); d.feed(UInt8(m.rawValue)); d.feed(seq)
        case .collect: d.feed(UInt8(16))
        case .collected: d.feed(UInt8(17))
        case .heartbeat: d.feed(UInt8(18))
        case let .logon(host): d.feed(UInt8(19)); d.feed(Int32(host))
        case let .logonReply(host, accepted): d.feed(UInt8(20)); d.feed(Int32(host)); d.feed(accepted)
        case .scrape: d.feed(UInt8(21))
        case let .scrapeReply(sample): d.feed(UInt8(22)); d.feed(sample)
        case let .probe(t): d.feed(UInt8(23)); d.feed(t.id)
        case let .probeReply(t, ok): d.feed(UInt8(24)); d.feed(t.id); d.feed(ok)
        case let .alert(id): d.feed(UInt8(25)); d.feed(id)
        case let .probeFailed(id): d.feed(UInt8(26)); d.feed(id)
        }
    }
}

extension StackTimer {
    func feed(into d: inout RunDigest) {
        switch self {
        case .arrival: d.feed(UInt8(32))
        case let .cancelDue(i): d.feed(UInt8(33)); d.feed(i)
        case let .serviceDone(server, incarnation): d.feed(UInt8(34)); d.feed(server); d.feed(incarnation)
        case .sessionBoundary: d.feed(UInt8(35))
        case .marketDataTick: d.feed(UInt8(36))
        case .otherMembersOrder: d.feed(UInt8(37))
        case .clearingStart: d.feed(UInt8(38))
        case .haTick: d.feed(UInt8(39))
        case .logonRetry: d.feed(UInt8(40))
        case let .scrapeTick(epoch): d.feed(UInt8(41)); d.feed(epoch)
        case let .probeTick(epoch): d.feed(UInt8(42)); d.feed(epoch)
        case let .probeDeadline(round): d.feed(UInt8(43)); d.feed(round)
        case .clientCheck: d.feed(UInt8(44))
        case let .ops(k): d.feed(UInt8(45)); d.feed(k)
        case .queryArrival: d.feed(UInt8(46))
        case let .clientReport(k): d.feed(UInt8(47)); d.feed(k)
        case .healthCheck: d.feed(UInt8(48))
        }
    }
}
