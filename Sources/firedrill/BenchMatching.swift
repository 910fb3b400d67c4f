import ArgumentParser
import Exchange
import ExchangeReplay
import Kernel

struct BenchMatching: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "matching",
        abstract: "Matching-engine throughput on a generated continuous-session stream.",
        discussion: """
            The stream is limit-heavy: 65 % limit orders a few ticks around each symbol's mid, 30 %
            cancels of recent orders, 5 % market orders of the exchange's types, over --symbols
            symbols. It is generated first and not timed; wall_seconds covers the engine alone.
            The digest is SHA-256 over every trade and refusal in order.
            """
    )

    @Option(help: "Instructions to process.") var orders: Int = 5_000_000
    @Option(help: "Root seed.") var seed: UInt64 = 1
    @Option(help: "Rule set: sse or szse.") var exchange: ExchangeRules = .sse
    @Option(help: "Number of symbols (1–10000).") var symbols: Int = 20

    func validate() throws {
        guard (1...100_000_000).contains(orders) else { throw ValidationError("--orders must be 1–100000000") }
        guard (1...10_000).contains(symbols) else { throw ValidationError("--symbols must be 1–10000") }
    }

    func run() throws {
        let run = MatchingBenchRun(rules: exchange, orders: orders, symbols: symbols, seed: seed)
        let (outcome, seconds) = measureWallSeconds { run.execute() }
        var json = JSONObject()
        json.add("workload", "matching")
        json.add("exchange", exchange.name)
        json.add("symbols", symbols)
        json.add("seed", seed)
        json.add("orders", orders)
        json.add("trades", outcome.trades)
        json.add("rejected", outcome.rejected)
        json.add("resting_at_end", outcome.restingAtEnd)
        json.add("wall_seconds", seconds, digits: 6)
        json.add("orders_per_second", seconds > 0 ? Double(orders) / seconds : 0, digits: 0)
        json.add("digest", outcome.digest)
        print(json.text)
    }
}
