import Exchange
import ExchangeReplay
import Kernel
import Testing

@Suite struct FileFormatTests {
    @Test func pricesParseAndPrint() {
        #expect(PriceText.fen("5.03") == 503)
        #expect(PriceText.fen("5.3") == 530)
        #expect(PriceText.fen("12") == 1_200)
        #expect(PriceText.fen("-1.00") == -100)
        #expect(PriceText.fen("0.01") == 1)
        for bad in ["", "5.031", "5.", ".5", "5,03", "abc", "1.2.3", "--1", "99999999999999"] {
            #expect(PriceText.fen(bad) == nil, "\(bad)")
        }
        #expect(PriceText.yuan(503) == "5.03")
        #expect(PriceText.yuan(1_200) == "12.00")
        #expect(PriceText.yuan(7) == "0.07")
        #expect(PriceText.yuan(-150) == "-1.50")
        var rng = Xoshiro256StarStar(seed: 7)
        for _ in 0..<20_000 {
            let fen = Int64(rng.next() % 2_000_000_000) - 1_000_000_000
            #expect(PriceText.fen(PriceText.yuan(fen)) == fen)
        }
    }

    @Test func ordersFileParses() throws {
        let text = """
            time,order_id,symbol,side,type,price,qty
            09:15:00,1,600000,B,L,10.05,100\r
            09:30:00.000000250,2,600000,S,B5C,,300

            09:31:00,1,,,X,,
            """
        let rows = try OrderFile.parse(text, path: "o.csv")
        #expect(rows.count == 3)
        #expect(rows[0].line == 2 && rows[0].timeNanos == 33_300_000_000_000 && rows[0].orderID == 1)
        #expect(rows[0].symbol == "600000" && rows[0].side == .buy && rows[0].type == .limit)
        #expect(rows[0].priceFen == 1_005 && rows[0].quantity == 100)
        #expect(rows[1].timeNanos == 34_200_000_000_250 && rows[1].type == .bestFiveThenCancel && rows[1].priceFen == 0)
        #expect(rows[2].type == .cancel && rows[2].symbol.isEmpty && rows[2].line == 5)
    }

    /// Every malformed row names its file, line and field.
    @Test func badOrderRowsAreLocated() {
        let header = "time,order_id,symbol,side,type,price,qty\n09:15:00,1,A,B,L,10.00,100\n"
        let cases: [(String, String)] = [
            ("9:15,2,A,B,L,10.00,100", "time:"),
            ("09:15:00,x,A,B,L,10.00,100", "order_id:"),
            ("09:15:00,-1,A,B,L,10.00,100", "order_id:"),
            ("09:15:00,2,,B,L,10.00,100", "symbol: missing"),
            ("09:15:00,2,A B,B,L,10.00,100", "symbol:"),
            ("09:15:00,2,A,Q,L,10.00,100", "side:"),
            ("09:15:00,2,A,B,MKT,10.00,100", "type:"),
            ("09:15:00,2,A,B,L,10.001,100", "price:"),
            ("09:15:00,2,A,B,L,,100", "price:"),
            ("09:15:00,2,A,B,B5C,10.00,100", "price: must be empty"),
            ("09:15:00,2,A,B,L,10.00,1e3", "qty:"),
            ("09:15:00,2,A,B,L,10.00,", "qty:"),
            ("09:15:00,1,A,B,X,,", "side: must be empty"),
            ("09:15:00,1,A,,X,,100", "qty: must be empty"),
            ("09:15:00,2,A,B,L,10.00", "expected 7 fields"),
            ("09:14:59,2,A,B,L,10.00,100", "earlier than the row before"),
        ]
        for (row, message) in cases {
            #expect(throws: FileError.self) { try OrderFile.parse(header + row + "\n", path: "day.csv") }
            do {
                _ = try OrderFile.parse(header + row + "\n", path: "day.csv")
            } catch {
                #expect(error.path == "day.csv" && error.line == 3, "\(row)")
                #expect(error.description.hasPrefix("day.csv:3: ") && error.message.contains(message), "\(row) → \(error)")
            }
        }
        #expect(throws: FileError(path: "e.csv", line: 0,
                                  message: "file is empty; the first line must be the header `time,order_id,symbol,side,type,price,qty`")) {
            try OrderFile.parse("", path: "e.csv")
        }
        #expect(throws: FileError.self) { try OrderFile.parse("time,id\n", path: "h.csv") }
    }

    @Test func symbolsFileParsesAndRejects() throws {
        let specs = try SymbolFile.parse("symbol,prev_close,tick,lot,limit_pct\n600000,10.05,0.01,100,10\n688001,50.00,0.01,200,20\nN1,8.00,0.01,100,none\n",
                                         path: "s.csv")
        #expect(specs == [
            SymbolSpec(code: "600000", previousCloseFen: 1_005),
            SymbolSpec(code: "688001", previousCloseFen: 5_000, lotShares: 200, limit: .growthBoard),
            SymbolSpec(code: "N1", previousCloseFen: 800, limit: .none),
        ])
        #expect(specs.map(SymbolFile.line) == ["600000,10.05,0.01,100,10", "688001,50.00,0.01,200,20", "N1,8.00,0.01,100,none"])
        let header = "symbol,prev_close,tick,lot,limit_pct\n"
        for (row, message) in [("A,0,0.01,100,10", "prev_close:"), ("A,10.00,0,100,10", "tick:"), ("A,10.00,0.01,0,10", "lot:"),
                               ("A,10.00,0.01,100,x", "limit_pct:"), ("A,10.01,0.05,100,10", "not a multiple of the tick"),
                               ("A,10.00,0.01,100,101", "limit_pct:")] {
            do {
                _ = try SymbolFile.parse(header + row + "\n", path: "s.csv")
                Issue.record("accepted \(row)")
            } catch {
                #expect(error.line == 2 && error.message.contains(message), "\(row) → \(error)")
            }
        }
        do {
            _ = try SymbolFile.parse(header + "A,10.00,0.01,100,10\nA,10.00,0.01,100,10\n", path: "s.csv")
            Issue.record("accepted a duplicate")
        } catch {
            #expect(error.description == "s.csv:3: symbol: A is already listed on line 2")
        }
    }

    /// The replay writes the SPEC example's opening auction as the trades file says.
    @Test func replayWritesTradesAndRejects() throws {
        let text = """
            time,order_id,symbol,side,type,price,qty
            09:15:00,1,600000,B,L,5.04,100
            09:15:00,2,600000,B,L,5.02,100
            09:15:01,3,600000,S,L,5.00,100
            09:21:00,3,600000,,X,,
            09:30:00.5,4,600000,S,L,5.02,100
            """
        let rows = try OrderFile.parse(text, path: "o.csv")
        var tradesText: [UInt8] = [], rejectsText: [UInt8] = []
        let summary = try BookReplay.run(rules: .sse, symbols: [SymbolSpec(code: "600000", previousCloseFen: 503)], orders: rows,
                                         tradesSink: { tradesText += $0 }, rejectsSink: { rejectsText += $0 })
        // Candidates 5.02–5.04 → midpoint 5.03; order 4 then meets order 2 at 5.02.
        #expect(String(decoding: tradesText, as: UTF8.self) == """
            time,trade_id,symbol,price,qty,buy_order_id,sell_order_id
            09:25:00,1,600000,5.03,100,1,3
            09:30:00.500000000,2,600000,5.02,100,2,4

            """)
        #expect(String(decoding: rejectsText, as: UTF8.self) == "time,order_id,reason\n09:21:00,3,cancel_not_allowed\n")
        #expect(summary.counts.trades == 2 && summary.counts.rejected == 1 && summary.counts.accepted == 4)
    }
}
