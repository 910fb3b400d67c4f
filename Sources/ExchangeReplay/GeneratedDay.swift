import Exchange
import Kernel

/// A seeded stream of exchange instructions: the workload of `bench matching`, the golden
/// tape and `book generate`. The same (rules, shape, orders, symbols, seed) gives the same
/// instructions on every machine.
///
/// Each symbol's mid price takes a small random walk inside its band; limit orders sit a
/// few ticks either side of it, some crossing it, so trades are frequent. Sizes are 1–10
/// lots, occasionally ten times that. Cancels name one of the last 8,192 orders, so some of
/// them find the order already filled.
public struct GeneratedDay: Sendable {
    public enum Shape: String, Sendable, CaseIterable {
        /// Every instruction in the morning continuous session, one per microsecond from
        /// 09:30: 65 % limit, 30 % cancel, 5 % market orders of the exchange's market types.
        case continuous
        /// A whole day: from 09:10 to 15:05 across every phase, a few outside the sessions,
        /// and about 1 % of orders deliberately invalid (off tick, outside the band, odd buy
        /// lot, zero quantity, a reused id) so that every path of the engine runs.
        case fullDay = "full-day"
    }

    public let rules: ExchangeRules
    public let shape: Shape
    public let orderCount: Int
    public let symbols: [SymbolSpec]
    private var random: Xoshiro256StarStar
    private var mids: [Int64]
    /// The last 8,192 orders generated: (id, symbol).
    private var recent: [(id: UInt64, symbol: Int32)]
    private var produced = 0
    private var windowIndex = 0
    private var windowStart = 0
    private let marketTypes: [OrderType]
    private let windows: [(startNanos: Int64, endNanos: Int64, count: Int)]

    public init(rules: ExchangeRules, shape: Shape, orders: Int, symbols symbolCount: Int = 20, seed: UInt64) {
        precondition(orders >= 0 && symbolCount > 0 && symbolCount <= 10_000)
        self.rules = rules
        self.shape = shape
        orderCount = orders
        let streams = RandomStreams(seed: seed)
        var listing = streams.stream("exchange.listing")
        var specs: [SymbolSpec] = []
        for i in 0..<symbolCount {
            let tick: Int64 = i % 7 == 6 ? 5 : 1
            let close = (500 + Int64(listing.next(below: 4_500))) / tick * tick
            let code = (rules == .sse ? "6" : "0") + String(100_000 + i).dropFirst()
            specs.append(SymbolSpec(code: code, previousCloseFen: close, tickFen: tick,
                                    limit: i % 10 == 9 ? .growthBoard : .mainBoard))
        }
        symbols = specs
        mids = specs.map(\.previousCloseFen)
        recent = []
        recent.reserveCapacity(8_192)
        random = streams.stream("exchange.orders." + shape.rawValue)
        marketTypes = rules.offeredTypes.filter(\.isMarket)
        let clock = TradingSchedule.clock
        switch shape {
        case .continuous:
            windows = [(clock(9, 30, 0), clock(9, 30, 0) + Int64(orders) * 1_000, orders)]
        case .fullDay:
            // Share of the day's instructions per window, in thousandths.
            let shares: [(Int64, Int64, Int)] = [
                (clock(9, 10, 0), clock(9, 15, 0), 5), (clock(9, 15, 0), clock(9, 25, 0), 80),
                (clock(9, 25, 0), clock(9, 30, 0), 20), (clock(9, 30, 0), clock(11, 30, 0), 450),
                (clock(11, 30, 0), clock(13, 0, 0), 5), (clock(13, 0, 0), clock(14, 57, 0), 380),
                (clock(14, 57, 0), clock(15, 0, 0), 50), (clock(15, 0, 0), clock(15, 5, 0), 10),
            ]
            var assigned = 0
            var list: [(Int64, Int64, Int)] = []
            for (i, share) in shares.enumerated() {
                let count = i == shares.count - 1 ? orders - assigned : orders * share.2 / 1_000
                assigned += count
                list.append((share.0, share.1, count))
            }
            windows = list
        }
    }

    /// The next instruction, or nil after `orders` of them.
    public mutating func next() -> OrderRequest? {
        guard produced < orderCount else { return nil }
        while windows[windowIndex].count == produced - windowStart {
            windowStart += windows[windowIndex].count
            windowIndex += 1
        }
        let window = windows[windowIndex]
        let offsetInWindow = Int64(produced - windowStart)
        let time = window.startNanos + (window.endNanos - window.startNanos) * offsetInWindow / Int64(window.count)
        produced += 1
        let id = UInt64(produced)
        let phase = TradingSchedule.mainBoard.phase(at: time)
        let s = Int(random.next(below: UInt64(symbols.count)))
        let spec = symbols[s]
        let side: Side = random.next() & 1 == 0 ? .buy : .sell
        let roll = random.next(below: 1_000)

        if roll < 300, !recent.isEmpty {
            let target = recent[Int(random.next(below: UInt64(recent.count)))]
            return .cancel(at: time, id: target.id, symbol: target.symbol)
        }
        var quantity = Int64(1 + random.next(below: 10)) * spec.lotShares
        if random.next(below: 20) == 0 { quantity *= 10 }
        remember(id, symbol: Int32(s))
        let marketShare: UInt64 = phase.isContinuous || shape == .continuous ? 50 : 3
        if roll >= 1_000 - marketShare {
            return .market(marketTypes[Int(random.next(below: UInt64(marketTypes.count)))], at: time, id: id,
                           symbol: Int32(s), side, quantity: quantity)
        }
        // Mid walks one tick at a time, staying inside the band.
        let band = spec.bandFen!
        switch random.next(below: 16) {
        case 0: mids[s] = min(band.upperBound - 4 * spec.tickFen, mids[s] + spec.tickFen)
        case 1: mids[s] = max(band.lowerBound + 4 * spec.tickFen, mids[s] - spec.tickFen)
        default: break
        }
        let offsetTicks = Int64(random.next(below: 8)) - 2
        var price = side == .buy ? mids[s] - offsetTicks * spec.tickFen : mids[s] + offsetTicks * spec.tickFen
        price = min(max(price, band.lowerBound), band.upperBound)
        var request = OrderRequest.limit(at: time, id: id, symbol: Int32(s), side, priceFen: price, quantity: quantity)
        if shape == .fullDay, random.next(below: 100) == 0 {
            switch random.next(below: 5) {
            case 0: request.priceFen = spec.tickFen > 1 ? price + 1 : 0
            case 1: request.priceFen = band.upperBound + spec.tickFen
            case 2: request.side = .buy; request.quantity = spec.lotShares + spec.lotShares / 2
            case 3: request.quantity = 0
            default: request.orderID = UInt64(1 + random.next(below: UInt64(produced)))
            }
        }
        return request
    }

    private mutating func remember(_ id: UInt64, symbol: Int32) {
        if recent.count < 8_192 { recent.append((id, symbol)) } else { recent[Int(id % 8_192)] = (id, symbol) }
    }
}
