import Exchange
import Kernel

/// The day's static data: what each exchange lists and what each client follows and holds at
/// the open. Drawn once from the seed (streams `stack/symbols/<market>` and
/// `stack/clients/<class>`), then only read.
public struct ReferenceData: Sendable {
    public struct Listing: Sendable {
        public let market: Market
        public let specs: [SymbolSpec]
        public let bandLowFen: [Int64]
        public let bandHighFen: [Int64]
        /// Per symbol, what a client order reads of it (plain numbers, so the read copies no string).
        let terms: [OrderTerms]
    }

    /// What a client order needs of a symbol: lot, tick, reference price and price band.
    struct OrderTerms {
        var lotShares: Int64
        var tickFen: Int64
        var previousCloseFen: Int64
        var bandLowFen: Int64
        var bandHighFen: Int64
    }

    /// Per client of one class: `watch` symbols per market and the shares held of each at the open.
    public struct Clients: Sendable {
        public let count: Int
        public let watch: Int
        /// `symbols[client * width + market * watch + j]`: symbol index on that market's engine.
        public let symbols: [Int32]
        /// Shares held at the open, same layout.
        public let holdings: [Int32]
        /// Cash at the open across all of the client's portions, in fen.
        public let cashFen: [Int64]
        public var width: Int { watch * Market.allCases.count }
    }

    public let listings: [Listing]
    /// `clients[class]`; `nil` for a class with no population.
    public let clients: [Clients?]

    init(config: StackConfig) {
        let streams = RandomStreams(seed: config.seed)
        var listings: [Listing] = []
        for market in Market.allCases {
            let venue = config.venue(market)!
            var random = streams.stream("stack/symbols/" + market.name)
            var specs: [SymbolSpec] = []
            for i in 0..<venue.symbols {
                let yuan = venue.previousCloseYuan.sample(using: &random)
                let fen = Bounded.int64(yuan * 100, 100...500_000)
                let code = market == .sse ? 600_000 + i : 1 + i
                let text = String(code)
                specs.append(SymbolSpec(code: String(repeating: "0", count: max(0, 6 - text.count)) + text, previousCloseFen: fen))
            }
            listings.append(Listing(market: market, specs: specs,
                                    bandLowFen: specs.map { $0.bandFen!.lowerBound },
                                    bandHighFen: specs.map { $0.bandFen!.upperBound },
                                    terms: specs.map {
                                        OrderTerms(lotShares: $0.lotShares, tickFen: $0.tickFen, previousCloseFen: $0.previousCloseFen,
                                                   bandLowFen: $0.bandFen!.lowerBound, bandHighFen: $0.bandFen!.upperBound)
                                    }))
        }
        self.listings = listings

        var clients = [Clients?](repeating: nil, count: ClientClass.allCases.count)
        for population in config.populations {
            var random = streams.stream("stack/clients/" + population.clientClass.name)
            let watch = population.watchlist
            let width = watch * Market.allCases.count
            let cdfs = Market.allCases.map { GuidedCDF(ReferenceData.zipfCDF(count: listings[$0.rawValue].specs.count, exponent: population.zipfExponent)) }
            var symbols = [Int32](repeating: 0, count: population.clients * width)
            var holdings = [Int32](repeating: 0, count: population.clients * width)
            var cash = [Int64](repeating: 0, count: population.clients)
            for c in 0..<population.clients {
                cash[c] = Bounded.int64(population.cashYuan.sample(using: &random) * 100, 0...1_000_000_000_000_000)
                for market in Market.allCases {
                    let base = c * width + market.rawValue * watch
                    let terms = listings[market.rawValue].terms
                    let n = terms.count
                    for j in 0..<watch {
                        var s = cdfs[market.rawValue].draw(&random)
                        // Distinct symbols per watchlist: step to the next unused one.
                        while ReferenceData.contains(symbols, base..<(base + j), Int32(s)) { s = (s + 1) % n }
                        symbols[base + j] = Int32(s)
                        if random.nextDouble() < population.holdingProbability {
                            let lots = Bounded.int64(population.holdingLots.sample(using: &random), 1...10_000)
                            holdings[base + j] = Int32(lots * terms[s].lotShares)
                        }
                    }
                }
            }
            clients[population.clientClass.rawValue] = Clients(
                count: population.clients, watch: watch, symbols: symbols, holdings: holdings, cashFen: cash)
        }
        self.clients = clients
    }

    /// What a client order reads of `symbol` on `market`.
    @inline(__always)
    func terms(_ market: Market, _ symbol: Int32) -> OrderTerms { listings[market.rawValue].terms[Int(symbol)] }

    /// Cumulative Zipf weights `1/(rank+1)^s`, normalised to end at 1.
    static func zipfCDF(count: Int, exponent: Double) -> [Double] {
        var cdf = [Double](repeating: 0, count: count)
        var total = 0.0
        for r in 0..<count {
            total += DeterministicMath.exp(-exponent * DeterministicMath.log(Double(r + 1)))
            cdf[r] = total
        }
        return cdf.map { $0 / total }
    }

    /// Whether `values[range]` holds `value` (without slicing, which costs a retain per check).
    @inline(__always)
    static func contains(_ values: [Int32], _ range: Range<Int>, _ value: Int32) -> Bool {
        for k in range where values[k] == value { return true }
        return false
    }
}
