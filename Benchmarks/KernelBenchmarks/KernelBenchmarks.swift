import Benchmark
import Kernel
import Net

/// The workloads of `firedrill bench kernel` and `firedrill bench network`, one whole run per
/// iteration (start-up included). Two sizes of the kernel workload separate the one-off
/// start-up allocations from the steady state: mallocs per delivery in steady state is
/// (mallocs at 5M − mallocs at 100k) / 4.9M, which must be 0.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident],
        timeUnits: .milliseconds,
        warmupIterations: 1,
        maxDuration: .seconds(60),
        maxIterations: 5
    )

    for deliveries in [100_000, 5_000_000] as [UInt64] {
        Benchmark("kernel 1000 nodes 100k in flight \(deliveries) deliveries") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(KernelWorkload(nodes: 1_000, inFlight: 100_000, deliveries: deliveries, seed: 1).run())
            }
        }
    }

    Benchmark("network 24 hosts 2000 in flight 1M events") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(NetWorkload(hosts: 24, inFlight: 2_000, events: 1_000_000, seed: 1).run())
        }
    }
}
