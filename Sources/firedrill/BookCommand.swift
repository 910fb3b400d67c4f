import ArgumentParser
import Exchange
import ExchangeReplay
import Harness

struct BookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "book",
        abstract: "Replay a day of orders through an exchange's matching engine, or generate one.",
        subcommands: [BookReplayCommand.self, BookGenerateCommand.self]
    )
}

extension ExchangeRules: ExpressibleByArgument {
    public init?(argument: String) { self.init(name: argument) }
    public static var allValueStrings: [String] { allCases.map(\.name) }
}

struct BookReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay an orders file through the sessions of a trading day and write the trades.",
        discussion: """
            ORDERS.csv: time,order_id,symbol,side,type,price,qty — in time order; type L, X, B5C, B5L
            (SSE), OPP, OWN, IOC, FOK (SZSE); price in yuan, empty for market orders and X; for X the
            order_id names the order to cancel and side, price and qty are empty.
            SYMBOLS.csv: symbol,prev_close,tick,lot,limit_pct (limit_pct a percentage or `none`); a
            symbol not listed gets prev_close 10.00, tick 0.01, lot 100, limit 10.
            Trades (time,trade_id,symbol,price,qty,buy_order_id,sell_order_id) go to --trades, or to
            standard output; refused instructions (time,order_id,reason) to --rejects. A summary
            with the SHA-256 of each output goes to standard output, or to standard error when the
            trades take standard output. A malformed row stops the replay with `file:line: message`
            and exit 2.
            """
    )

    @Option(help: "Rule set: sse or szse.") var exchange: ExchangeRules
    @Option(help: "Orders file (CSV).") var orders: String
    @Option(help: "Symbols file (CSV).") var symbols: String?
    @Option(help: "Write trades here instead of standard output.") var trades: String?
    @Option(help: "Write refused instructions here.") var rejects: String?
    @Option(help: ArgumentHelp("Most instructions in the orders file.", valueName: "n"))
    var maxOrders = RunBudget.standard.maxOrdersPerDay
    @Option(help: ArgumentHelp("Most distinct symbols over both files.", valueName: "n"))
    var maxSymbols = RunBudget.standard.maxSymbols

    func run() throws {
        let specs = try symbols.map { path throws(CommandFailure) in try InputFiles.parse(path, SymbolFile.parse) } ?? []
        let rows = try InputFiles.parse(orders, OrderFile.parse)
        try checkBudget(specs: specs, rows: rows)
        let tradesOut = try OutputFile(path: trades)
        let rejectsOut = try rejects.map { path throws(CommandFailure) in try OutputFile(path: path) }
        let summary: ReplaySummary
        do {
            summary = try BookReplay.run(rules: exchange, symbols: specs, orders: rows,
                                         tradesSink: tradesOut.write, rejectsSink: rejectsOut?.write)
        } catch {
            throw CommandFailure(code: .invalidInput, message: "\(symbols ?? orders): \(error)")
        }
        tradesOut.close()
        rejectsOut?.close()
        var json = JSONObject()
        json.add("exchange", exchange.name)
        json.add("instructions", summary.instructions)
        json.add("accepted", summary.counts.accepted)
        json.add("rejected", summary.counts.rejected)
        json.add("trades", summary.counts.trades)
        json.add("shares_traded", Int(summary.counts.sharesTraded))
        json.add("cancelled", summary.counts.cancelled)
        json.add("expired_at_close", summary.counts.expired)
        json.add("trades_sha256", summary.tradesSHA256)
        json.add("rejects_sha256", summary.rejectsSHA256)
        if trades == nil { printToStandardError(json.text) } else { print(json.text) }
    }

    /// Refuses, before the engine is built, a replay with more instructions or symbols than
    /// its budget (each symbol costs a book and its listing, whatever its orders).
    private func checkBudget(specs: [SymbolSpec], rows: [OrderRow]) throws(CommandFailure) {
        for (value, flag) in [(maxOrders, "--max-orders"), (maxSymbols, "--max-symbols")] where value < 1 {
            throw CommandFailure(code: .invalidInput, message: "\(flag): expected at least 1, got \(value)")
        }
        func over(_ place: String, _ what: String, _ budget: Int, _ flag: String) -> CommandFailure {
            CommandFailure(code: .invalidInput,
                           message: "\(place): \(what), over the budget of \(RunBudget.count(Double(budget))); raise it with \(flag) if this is meant")
        }
        if rows.count > maxOrders {
            throw over(orders, "\(RunBudget.count(Double(rows.count))) instructions", maxOrders, "--max-orders")
        }
        if specs.count > maxSymbols {
            throw over(symbols ?? "", "\(RunBudget.count(Double(specs.count))) symbols listed", maxSymbols, "--max-symbols")
        }
        var codes = Set(specs.map(\.code))
        for row in rows where !row.symbol.isEmpty {
            codes.insert(row.symbol)
            if codes.count > maxSymbols {
                throw over("\(orders):\(row.line)", "symbol: one distinct symbol too many", maxSymbols, "--max-symbols")
            }
        }
    }
}

struct BookGenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a seeded generated day of orders (the golden tape's input) as an orders file.",
        discussion: """
            The same options give the same file on every machine. Replaying it with `book replay`
            gives the trades whose SHA-256 Results/golden/exchange-day.json records (for the
            golden's options). Symbols are listed on standard error as a symbols file.
            """
    )

    @Option(help: "Rule set: sse or szse.") var exchange: ExchangeRules
    @Option(help: "Shape: full-day or continuous.") var shape: String = GeneratedDay.Shape.fullDay.rawValue
    @Option(help: "Number of instructions.") var orders: Int = 1_000_000
    @Option(help: "Number of symbols (1–10000).") var symbols: Int = 20
    @Option(help: "Root seed.") var seed: UInt64 = 1
    @Option(help: "Write the orders here instead of standard output.") var out: String?
    @Option(name: .customLong("symbols-out"), help: "Write the symbols file here.") var symbolsOut: String?

    func validate() throws {
        guard GeneratedDay.Shape(rawValue: shape) != nil else {
            throw ValidationError("--shape must be one of \(GeneratedDay.Shape.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard orders >= 0, orders <= 100_000_000 else { throw ValidationError("--orders must be 0–100000000") }
        guard (1...10_000).contains(symbols) else { throw ValidationError("--symbols must be 1–10000") }
    }

    func run() throws {
        var day = GeneratedDay(rules: exchange, shape: GeneratedDay.Shape(rawValue: shape)!, orders: orders,
                               symbols: symbols, seed: seed)
        let codes = day.symbols.map(\.code)
        let output = try OutputFile(path: out)
        let writer = TapeWriter(header: OrderFile.header.joined(separator: ","), sink: output.write)
        while let request = day.next() { writer.append(line: OrderFile.line(request, symbol: codes[Int(request.symbol)])) }
        _ = writer.finish()
        output.close()
        if let symbolsOut {
            let file = try OutputFile(path: symbolsOut)
            file.write(line: SymbolFile.header.joined(separator: ","))
            for spec in day.symbols { file.write(line: SymbolFile.line(spec)) }
            file.close()
        }
    }
}
