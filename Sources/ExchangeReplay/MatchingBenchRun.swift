import Exchange
import Kernel

/// The `bench matching` workload: a generated continuous stream, generated up front, then
/// fed through one engine. Shared by the CLI, the tests and the benchmarks package.
public struct MatchingBenchRun {
    public struct Outcome: Sendable, Equatable {
        public var trades: UInt64
        public var rejected: Int
        public var restingAtEnd: Int
        /// SHA-256 over every trade (id, time, symbol, price, quantity, buy id, sell id) and
        /// refusal (time, order id, reason) in order.
        public var digest: String
    }

    public let rules: ExchangeRules
    public let requests: [OrderRequest]
    public let symbols: [SymbolSpec]

    public init(rules: ExchangeRules, orders: Int, symbols: Int = 20, seed: UInt64) {
        self.rules = rules
        var day = GeneratedDay(rules: rules, shape: .continuous, orders: orders, symbols: symbols, seed: seed)
        var list: [OrderRequest] = []
        list.reserveCapacity(orders)
        while let request = day.next() { list.append(request) }
        requests = list
        self.symbols = day.symbols
    }

    /// Runs the stream through a fresh engine.
    public func execute() -> Outcome {
        let engine = MatchingEngine(rules: rules, expectedOrders: requests.count, denseOrderIDs: [0 ..< .max])
        for spec in symbols { try! engine.list(spec) }   // generated specs are valid by construction
        var digest = RunDigest()
        var rejected = 0
        for request in requests {
            engine.submit(request)
            for event in engine.events {
                switch event {
                case .trade(let t):
                    digest.feed(t.tradeID); digest.feed(t.timeNanos); digest.feed(t.symbol); digest.feed(t.priceFen)
                    digest.feed(t.quantity); digest.feed(t.buyOrderID); digest.feed(t.sellOrderID)
                case .rejected(let r):
                    rejected += 1
                    digest.feed(r.timeNanos); digest.feed(r.orderID); digest.feed(r.reason.rawValue)
                case .accepted, .cancelled: break
                }
            }
            engine.removeAllEvents()
        }
        return Outcome(trades: engine.tradeCount, rejected: rejected, restingAtEnd: engine.restingOrderCount,
                       digest: digest.finalize())
    }
}
