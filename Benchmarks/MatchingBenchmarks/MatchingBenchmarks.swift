import Benchmark
import Exchange
import ExchangeReplay

/// The workload of `firedrill bench matching`: a generated continuous stream (65 % limit,
/// 30 % cancels, 5 % market orders, 20 symbols), generated before measuring, one whole engine
/// run per iteration. Two sizes separate set-up allocations from the steady state: mallocs
/// per order = (mallocs at 5M − mallocs at 500k) / 4.5M.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident],
        timeUnits: .milliseconds,
        warmupIterations: 1,
        maxDuration: .seconds(60),
        maxIterations: 5
    )

    for rules in ExchangeRules.allCases {
        for orders in [500_000, 5_000_000] {
            let run = MatchingBenchRun(rules: rules, orders: orders, seed: 1)
            Benchmark("matching \(rules.name) \(orders) orders") { benchmark in
                for _ in benchmark.scaledIterations { blackHole(run.execute()) }
            }
        }
    }
}
