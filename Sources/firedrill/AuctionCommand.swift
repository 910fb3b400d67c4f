import ArgumentParser
import Exchange
import ExchangeReplay

struct AuctionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "auction",
        abstract: "Print the call-auction price and volume of a book, as PRICE,VOLUME or `none`.",
        discussion: """
            The orders file has the usual columns (time,order_id,symbol,side,type,price,qty) and holds
            limit orders (L) of one symbol; file order is time priority. SSE takes the midpoint of
            the equally good prices (half-up to the tick); SZSE the least imbalance, then the price
            closest to --reference (the higher on a tie). `none` means the book does not cross.
            """
    )

    @Option(help: "Rule set: sse or szse.") var rules: ExchangeRules
    @Option(help: "Orders file (CSV) holding the book.") var orders: String
    @Option(help: "Reference price in yuan: previous close (opening) or last trade (closing).") var reference: String
    @Option(help: "Price tick in yuan.") var tick: String = "0.01"

    func run() throws {
        guard let referenceFen = PriceText.fen(reference), referenceFen > 0 else {
            throw CommandFailure(code: .invalidInput, message: "--reference: expected a price above zero in yuan, e.g. 5.03, found `\(reference)`")
        }
        guard let tickFen = PriceText.fen(tick), tickFen > 0 else {
            throw CommandFailure(code: .invalidInput, message: "--tick: expected a tick of at least 0.01 yuan, found `\(tick)`")
        }
        let rows = try InputFiles.parse(orders, OrderFile.parse)
        var buys: [Int64: Int64] = [:], sells: [Int64: Int64] = [:]
        var symbol: String? = nil
        for row in rows {
            func fail(_ message: String) -> CommandFailure {
                CommandFailure(code: .invalidInput, message: "\(orders):\(row.line): \(message)")
            }
            guard row.type == .limit else { throw fail("type: an auction book holds limit orders (L) only, found \(row.type.code)") }
            if let symbol, symbol != row.symbol { throw fail("symbol: the book is for \(symbol), found \(row.symbol)") }
            symbol = row.symbol
            guard row.priceFen > 0, row.priceFen % tickFen == 0 else { throw fail("price: not a positive multiple of the tick \(tick)") }
            guard row.quantity > 0, row.quantity <= 1_000_000_000 else { throw fail("qty: expected 1–1000000000 shares, found \(row.quantity)") }
            if row.side == .buy { buys[row.priceFen, default: 0] += row.quantity } else { sells[row.priceFen, default: 0] += row.quantity }
        }
        let result = CallAuction.uncross(
            buys: buys.keys.sorted(by: >).map { AuctionLevel(priceFen: $0, quantity: buys[$0]!) },
            sells: sells.keys.sorted().map { AuctionLevel(priceFen: $0, quantity: sells[$0]!) },
            tickFen: tickFen, rules: rules, referenceFen: referenceFen)
        print(result.map { "\(PriceText.yuan($0.priceFen)),\($0.volume)" } ?? "none")
    }
}
