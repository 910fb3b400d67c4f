import ArgumentParser
import Net

struct BenchNetwork: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "network",
        abstract: "Network model throughput and determinism: jitter, loss, duplication, a link cut and a partition.",
        discussion: """
            Hosts on three sites in a full mesh of 10 Gb/s fibre with lognormal jitter, 1% loss and
            1% duplication; one link is down from 20 to 40 ms and Shenzhen is partitioned off from 60 to
            90 ms. Every arrival forwards one message and re-arms a 50 ms watchdog timer; a message
            dropped at send is retried after 1 ms, so the population of messages stays constant.
            Stops after --events events and prints the counts and the run's SHA-256 digest.
            """
    )

    @Option(help: "Number of hosts (3–4096).") var hosts: Int = 24
    @Option(name: .customLong("in-flight"), help: "Messages started in the first millisecond.") var inFlight: Int = 2_000
    @Option(help: "Events before the run stops.") var events: UInt64 = 1_000_000
    @Option(help: "Root seed of every random stream.") var seed: UInt64 = 1

    var workload: NetWorkload { NetWorkload(hosts: hosts, inFlight: inFlight, events: events, seed: seed) }

    func validate() throws {
        if let problem = workload.validationError() { throw ValidationError(problem) }
    }

    func run() throws {
        let (outcome, seconds) = measureWallSeconds { workload.run() }
        var json = JSONObject()
        json.add("workload", "network")
        json.add("hosts", hosts)
        json.add("in_flight", inFlight)
        json.add("seed", seed)
        json.add("events", outcome.events)
        json.add("arrived", outcome.arrived)
        json.add("lost", outcome.lost)
        json.add("duplicated", outcome.duplicated)
        json.add("cut_in_flight", outcome.cutInFlight)
        json.add("dropped_at_send", outcome.droppedAtSend)
        json.add("timers_cancelled", outcome.timersCancelled)
        json.add("retries", outcome.retries)
        json.add("final_time", outcome.finalTime.description)
        json.add("wall_seconds", seconds, digits: 6)
        json.add("events_per_second", seconds > 0 ? Double(outcome.events) / seconds : 0, digits: 0)
        json.add("digest", outcome.digest)
        print(json.text)
    }
}
