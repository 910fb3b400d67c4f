import Benchmark
import Foundation
import Harness

/// The workload of `firedrill bench day` on the default scenario: read the scenario, build
/// the stack, simulate 07:00–16:00 and judge it, one whole run per iteration.
let benchmarks: @Sendable () -> Void = {
    // Benchmarks/DayBenchmarks/DayBenchmarks.swift → the project's Scenarios/default.yaml.
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let scenario = root.appendingPathComponent("Scenarios/default.yaml").path

    Benchmark("day default scenario",
              configuration: .init(
                  metrics: [.cpuTotal, .wallClock, .mallocCountTotal, .peakMemoryResident],
                  timeUnits: .seconds,
                  warmupIterations: 0,
                  // CPU time is the checked figure: it does not count time the VM's other
                  // tenants take, which moves wall time on this machine by far more than 10 %.
                  thresholds: [.cpuTotal: .init(relative: [.p50: 10.0])],
                  maxDuration: .seconds(300),
                  maxIterations: 3
              )) { benchmark in
        for _ in benchmark.scaledIterations {
            let prepared = try PreparedRun.prepare(scenario: scenario)
            blackHole(try prepared.run().run.digest)
        }
    }
}
