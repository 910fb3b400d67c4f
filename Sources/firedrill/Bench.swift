import ArgumentParser

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a fixed, seeded workload and print its throughput and digest as one JSON object.",
        discussion: "The digest depends only on the workload's options and seed; wall_seconds and rates vary with the machine.",
        subcommands: [BenchDay.self, BenchKernel.self, BenchNetwork.self, BenchMatching.self]
    )
}

/// Times `body` on the wall clock (the CLI may read it; a simulation never does).
func measureWallSeconds<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> (T, Double) {
    let clock = ContinuousClock()
    let start = clock.now
    let value = try body()
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    return (value, seconds)
}
