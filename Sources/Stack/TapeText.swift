import Exchange
import Kernel

// How the stack's events read on a golden tape: one short, stable line per message or timer,
// naming the order (`#index`), the ticket or the values it carries. Only record mode renders
// them; a run without a tape never builds these strings.

extension StackMessage {
    var tapeText: String {
        switch self {
        case let .order(i): return "order #\(i)"
        case let .cancel(i): return "cancel #\(i)"
        case let .ack(i): return "ack #\(i)"
        case let .reject(i, r): return "reject #\(i) \(r.code)"
        case let .cancelReject(i, r): return "cancel_reject #\(i) \(r.code)"
        case let .fill(i, f): return "fill #\(i) trade \(f.tradeID) \(f.quantity) @ \(f.priceFen) fen"
        case let .closed(i, remaining, cause): return "closed #\(i) remaining \(remaining) cause \(cause)"
        case let .fundRequest(i): return "fund_request #\(i)"
        case let .fundReply(i, r): return "fund_reply #\(i) \(r?.code ?? "ok")"
        case let .settle(i, s):
            switch s {
            case let .fill(q, p): return "settle #\(i) fill \(q) @ \(p) fen"
            case let .release(q): return "settle #\(i) release \(q)"
            case .subscribe: return "settle #\(i) subscribe"
            }
        case let .query(q): return "query q\(q.id)"
        case let .queryPart(q): return "query_part q\(q.id)"
        case let .queryPartReply(q): return "query_part_reply q\(q.id)"
        case let .queryReply(q): return "query_reply q\(q.id)"
        case let .marketData(m, seq): return "market_data \(m.name) \(seq)"
        case .collect: return "collect"
        case .collected: return "collected"
        case .heartbeat: return "heartbeat"
        case let .logon(host): return "logon host \(host)"
        case let .logonReply(host, accepted): return "logon_reply host \(host) \(accepted ? "accepted" : "refused")"
        case .scrape: return "scrape"
        case let .scrapeReply(sample): return "scrape_reply \(sample)"
        case let .probe(t): return "probe p\(t.id)"
        case let .probeReply(t, ok): return "probe_reply p\(t.id) \(ok ? "ok" : "failed")"
        case let .alert(id): return "alert \(id)"
        case let .probeFailed(id): return "probe_failed \(id)"
        }
    }
}

extension StackTimer {
    var tapeText: String {
        switch self {
        case .arrival: return "timer arrival"
        case let .cancelDue(i): return "timer cancel_due #\(i)"
        case let .serviceDone(server, incarnation): return "timer service_done server \(server) incarnation \(incarnation)"
        case .sessionBoundary: return "timer session_boundary"
        case .marketDataTick: return "timer market_data"
        case .otherMembersOrder: return "timer other_members_order"
        case .clearingStart: return "timer clearing_start"
        case .haTick: return "timer ha_tick"
        case .logonRetry: return "timer logon_retry"
        case let .scrapeTick(epoch): return "timer scrape epoch \(epoch)"
        case let .probeTick(epoch): return "timer probe epoch \(epoch)"
        case let .probeDeadline(round): return "timer probe_deadline round \(round)"
        case .clientCheck: return "timer client_check"
        case let .ops(k): return "timer ops \(k)"
        case .queryArrival: return "timer query_arrival"
        case let .clientReport(k): return "timer client_report \(k)"
        case .healthCheck: return "timer health_check"
        }
    }
}

extension Trade {
    /// `trade <id> symbol <n> <qty> @ <price> fen buy <order> sell <order>`.
    var tapeText: String {
        "trade \(tradeID) symbol \(symbol) \(quantity) @ \(priceFen) fen buy \(buyOrderID) sell \(sellOrderID)"
    }
}
