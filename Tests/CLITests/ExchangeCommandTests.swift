import Foundation
import Testing

/// `book replay` and `auction` as users run them: outputs, and exit 2 with `file:line:` on bad input.
@Suite struct ExchangeCommandTests {
    static func file(_ name: String, _ text: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("firedrill-exchange-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    static let example = """
        time,order_id,symbol,side,type,price,qty
        09:15:00,1,000001,B,L,5.04,100
        09:15:00,2,000001,B,L,5.02,100
        09:15:00,3,000001,B,L,5.01,100
        09:15:00,4,000001,B,L,5.00,100
        09:15:00,5,000001,S,L,5.00,100

        """

    @Test func auctionPrintsSpecExample() throws {
        let orders = try Self.file("example.csv", Self.example)
        let sse = try FireDrillProcess.run(["auction", "--rules", "sse", "--orders", orders, "--reference", "5.00"])
        #expect(sse.status == 0 && sse.stdout == "5.03,100", "\(sse.stderr)")
        let low = try FireDrillProcess.run(["auction", "--rules", "szse", "--orders", orders, "--reference", "5.00"])
        #expect(low.stdout == "5.03,100")
        let high = try FireDrillProcess.run(["auction", "--rules", "szse", "--orders", orders, "--reference", "5.10"])
        #expect(high.stdout == "5.04,100")
        let apart = try Self.file("apart.csv", "time,order_id,symbol,side,type,price,qty\n09:15:00,1,A,B,L,4.99,100\n09:15:00,2,A,S,L,5.00,100\n")
        let none = try FireDrillProcess.run(["auction", "--rules", "sse", "--orders", apart, "--reference", "5.00"])
        #expect(none.status == 0 && none.stdout == "none")
    }

    @Test func badInputExitsTwoWithLocation() throws {
        let badRow = try Self.file("bad.csv", Self.example + "09:15:01,6,000001,B,L,5.001,100\n")
        for arguments in [["auction", "--rules", "sse", "--orders", badRow, "--reference", "5.00"],
                          ["book", "replay", "--exchange", "sse", "--orders", badRow]] {
            let result = try FireDrillProcess.run(arguments)
            #expect(result.status == 2)
            #expect(result.stderr.contains("\(badRow):7: price: expected yuan with up to 2 decimals"), "\(result.stderr)")
        }
        let market = try Self.file("market.csv", Self.example + "09:31:00,6,000001,B,B5C,,100\n")
        let auction = try FireDrillProcess.run(["auction", "--rules", "sse", "--orders", market, "--reference", "5.00"])
        #expect(auction.status == 2 && auction.stderr.contains(":7: type:"))
        let missing = try FireDrillProcess.run(["book", "replay", "--exchange", "sse", "--orders", "/nonexistent/o.csv"])
        #expect(missing.status == 2 && missing.stderr.contains("/nonexistent/o.csv: does not exist"))
        let rules = try FireDrillProcess.run(["book", "replay", "--exchange", "nyse", "--orders", badRow])
        #expect(rules.status == 2)
        let symbols = try Self.file("symbols.csv", "symbol,prev_close,tick,lot,limit_pct\n000001,abc,0.01,100,10\n")
        let badSymbols = try FireDrillProcess.run(["book", "replay", "--exchange", "szse", "--orders", badRow, "--symbols", symbols])
        #expect(badSymbols.status == 2 && badSymbols.stderr.contains("symbols.csv:2: prev_close:"))
    }

    @Test func replayWritesTradesToStandardOutput() throws {
        let orders = try Self.file("day.csv", Self.example + "09:30:00,6,000001,S,L,5.00,200\n09:31:00,7,000001,S,FOK,,100\n")
        let symbols = try Self.file("example-symbols.csv", "symbol,prev_close,tick,lot,limit_pct\n000001,5.03,0.01,100,10\n")
        let result = try FireDrillProcess.run(["book", "replay", "--exchange", "sse", "--orders", orders, "--symbols", symbols])
        #expect(result.status == 0, "\(result.stderr)")
        // Opening uncross at 5.03 (buy 1 with sell 5); held order 6 trades at 09:30:00 with
        // buys 2 and 3; FOK is not an SSE type.
        #expect(result.stdout == """
            time,trade_id,symbol,price,qty,buy_order_id,sell_order_id
            09:25:00,1,000001,5.03,100,1,5
            09:30:00,2,000001,5.02,100,2,6
            09:30:00,3,000001,5.01,100,3,6
            """)
        #expect(result.stderr.contains("\"rejected\":1"))
    }

    /// The replay's budgets refuse a file before any book is built, naming the line, the
    /// budget and the flag; raising the flag runs the same file.
    @Test func replayBudgetsRefuseBeforeBuilding() throws {
        let orders = try Self.file("three-symbols.csv", """
            time,order_id,symbol,side,type,price,qty
            09:30:00,1,A,B,L,9.50,100
            09:30:00,2,B,B,L,9.50,100
            09:30:00,3,A,S,L,9.50,100
            09:30:00,4,C,B,L,9.50,100

            """)
        let symbols = try FireDrillProcess.run(["book", "replay", "--exchange", "sse", "--orders", orders, "--max-symbols", "2"])
        #expect(symbols.status == 2)
        #expect(symbols.stderr.contains("three-symbols.csv:5: symbol: one distinct symbol too many, over the budget of 2; raise it with --max-symbols"),
                "\(symbols.stderr)")
        #expect(symbols.stdout.isEmpty)
        let instructions = try FireDrillProcess.run(["book", "replay", "--exchange", "sse", "--orders", orders, "--max-orders", "3"])
        #expect(instructions.status == 2)
        #expect(instructions.stderr.contains("4 instructions, over the budget of 3; raise it with --max-orders"), "\(instructions.stderr)")
        let zero = try FireDrillProcess.run(["book", "replay", "--exchange", "sse", "--orders", orders, "--max-symbols", "0"])
        #expect(zero.status == 2 && zero.stderr.contains("--max-symbols: expected at least 1, got 0"), "\(zero.stderr)")
        let raised = try FireDrillProcess.run(["book", "replay", "--exchange", "sse", "--orders", orders, "--max-symbols", "3", "--max-orders", "4"])
        #expect(raised.status == 0, "\(raised.stderr)")
        #expect(raised.stdout == "time,trade_id,symbol,price,qty,buy_order_id,sell_order_id\n09:30:00,1,A,9.50,100,1,3")
    }
}
