import Exchange

/// What a replay did.
public struct ReplaySummary: Sendable, Equatable {
    public var instructions: Int
    public var counts: TradeTape.Counts
    /// SHA-256 of the trades file and of the rejects file, as written.
    public var tradesSHA256: String
    public var rejectsSHA256: String
}

/// Replays a day of orders through one exchange's engine and its sessions.
public enum BookReplay {
    /// Lists `symbols`, then every other symbol the orders name (in order of first
    /// appearance) with the defaults; submits every row; runs the day to its close.
    public static func run(rules: ExchangeRules, symbols: [SymbolSpec], orders: [OrderRow],
                           tradesSink: ((ArraySlice<UInt8>) -> Void)? = nil,
                           rejectsSink: ((ArraySlice<UInt8>) -> Void)? = nil) throws(MatchingEngine.ListingError) -> ReplaySummary {
        // Members number their orders counting up; ids that do not still work, through the hash table.
        let engine = MatchingEngine(rules: rules, expectedOrders: max(1 << 16, orders.count), denseOrderIDs: [0 ..< .max])
        for spec in symbols { try engine.list(spec) }
        for row in orders where !row.symbol.isEmpty && engine.symbol(code: row.symbol) == nil {
            try engine.list(SymbolFile.defaultSpec(code: row.symbol))
        }
        var tape = TradeTape(symbolCodes: (0..<engine.symbolCount).map { engine.spec(of: Int32($0)).code },
                             tradesSink: tradesSink, rejectsSink: rejectsSink)
        for row in orders {
            let symbol = row.symbol.isEmpty ? -1 : engine.symbol(code: row.symbol)!
            engine.submit(OrderRequest(timeNanos: row.timeNanos, orderID: row.orderID, symbol: symbol, side: row.side,
                                       type: row.type, priceFen: row.priceFen, quantity: row.quantity))
            tape.record(engine.events)
            engine.removeAllEvents()
        }
        return finish(engine, tape: &tape, instructions: orders.count)
    }

    /// Replays a generated day exactly as `book replay` replays the file `book generate`
    /// writes for it: the same trades and rejects, byte for byte.
    public static func run(_ day: GeneratedDay, tradesSink: ((ArraySlice<UInt8>) -> Void)? = nil) -> ReplaySummary {
        var day = day
        let engine = MatchingEngine(rules: day.rules, expectedOrders: max(1 << 16, day.orderCount), denseOrderIDs: [0 ..< .max])
        for spec in day.symbols { try! engine.list(spec) }   // generated specs are valid by construction
        var tape = TradeTape(symbolCodes: day.symbols.map(\.code), tradesSink: tradesSink)
        while let request = day.next() {
            engine.submit(request)
            tape.record(engine.events)
            engine.removeAllEvents()
        }
        return finish(engine, tape: &tape, instructions: day.orderCount)
    }

    private static func finish(_ engine: MatchingEngine, tape: inout TradeTape, instructions: Int) -> ReplaySummary {
        engine.finishDay()
        tape.record(engine.events)
        engine.removeAllEvents()
        return ReplaySummary(instructions: instructions, counts: tape.counts,
                             tradesSHA256: tape.trades.finish(), rejectsSHA256: tape.rejects.finish())
    }
}
