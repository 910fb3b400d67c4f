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
                  maxDuration: .seconds(300),
                  maxIterations: 3,
                  // A regression is CPU time 10 % above the stored figure (`thresholds check`
                  // compares p90). CPU time leaves out what the VM's other tenants take.
                  thresholds: [.cpuTotal: .init(relative: [.p90: 10.0])]
              )) { benchmark in
        for _ in benchmark.scaledIterations {
            let prepared = try PreparedRun.prepare(scenario: scenario)
            blackHole(try prepared.run().run.digest)
        }
    }
}
