import ArgumentParser
import Kernel

struct BenchKernel: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernel",
        abstract: "Event-queue throughput: messages bouncing between nodes in virtual time.",
        discussion: """
            At start, --in-flight messages are scheduled, message i at a uniform time in 0–999,999 ns to node
            i mod --nodes. Each delivery at node k sends one message to node (7k + 1) mod --nodes after
            1 ns + uniform 0–999 ns from node k's random stream. Stops after --deliveries deliveries.
            Prints deliveries, wall_seconds, deliveries_per_second and the run's SHA-256 digest.
            """
    )

    @Option(help: "Number of nodes.") var nodes: Int = 1_000
    @Option(name: .customLong("in-flight"), help: "Messages in flight at any time.") var inFlight: Int = 100_000
    @Option(help: "Deliveries before the run stops.") var deliveries: UInt64 = 20_000_000
    @Option(help: "Root seed of every random stream.") var seed: UInt64 = 1

    var workload: KernelWorkload { KernelWorkload(nodes: nodes, inFlight: inFlight, deliveries: deliveries, seed: seed) }

    func validate() throws {
        if let problem = workload.validationError() { throw ValidationError(problem) }
    }

    func run() throws {
        let (outcome, seconds) = measureWallSeconds { workload.run() }
        var json = JSONObject()
        json.add("workload", "kernel")
        json.add("nodes", nodes)
        json.add("in_flight", inFlight)
        json.add("seed", seed)
        json.add("deliveries", outcome.deliveries)
        json.add("final_time", outcome.finalTime.description)
        json.add("wall_seconds", seconds, digits: 6)
        json.add("deliveries_per_second", seconds > 0 ? Double(outcome.deliveries) / seconds : 0, digits: 0)
        json.add("digest", outcome.digest)
        print(json.text)
    }
}
