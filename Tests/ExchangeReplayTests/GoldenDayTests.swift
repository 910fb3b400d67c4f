import Exchange
import ExchangeReplay
import Foundation
import Testing

/// The golden tape: a seeded generated day per exchange, whose trades and rejects files
/// must hash to the values recorded in `Results/golden/exchange-day.json`. Any change to
/// matching, sessions, auctions, rejects or the file formats moves a digest.
@Suite struct GoldenDayTests {
    struct GoldenDay: Decodable {
        var exchange: String
        var shape: String
        var orders: Int
        var symbols: Int
        var seed: UInt64
        var accepted: Int
        var rejected: Int
        var trades: Int
        var trades_sha256: String
        var rejects_sha256: String
    }
    struct GoldenFile: Decodable {
        var schema: String
        var days: [GoldenDay]
    }

    static let goldenURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Results/golden/exchange-day.json")

    static func golden() throws -> GoldenFile {
        try JSONDecoder().decode(GoldenFile.self, from: Data(contentsOf: goldenURL))
    }

    @Test func goldenCoversBothExchangesWithAMillionOrders() throws {
        let file = try Self.golden()
        #expect(file.schema == "firedrill.exchange-golden/1")
        #expect(Set(file.days.map(\.exchange)) == ["sse", "szse"])
        #expect(file.days.allSatisfy { $0.orders >= 1_000_000 && $0.shape == "full-day" })
    }

    @Test(arguments: ["sse", "szse"])
    func generatedDayMatchesGolden(exchange: String) throws {
        let golden = try #require(try Self.golden().days.first { $0.exchange == exchange })
        let rules = try #require(ExchangeRules(name: golden.exchange))
        let shape = try #require(GeneratedDay.Shape(rawValue: golden.shape))
        let day = GeneratedDay(rules: rules, shape: shape, orders: golden.orders, symbols: golden.symbols, seed: golden.seed)
        let summary = BookReplay.run(day)
        #expect(summary.counts.accepted == golden.accepted)
        #expect(summary.counts.rejected == golden.rejected)
        #expect(summary.counts.trades == golden.trades)
        #expect(summary.tradesSHA256 == golden.trades_sha256,
                "trades digest moved: if the change is intended, re-record per Results/golden/README.md")
        #expect(summary.rejectsSHA256 == golden.rejects_sha256)
    }
}
