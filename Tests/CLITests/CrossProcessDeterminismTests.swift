import ExchangeReplay
import Foundation
import Kernel
import Net
import Testing

/// Swift seeds its hasher per process, so determinism is only proven across processes:
/// these tests spawn `firedrill` twice and compare digests with each other and with a run
/// inside the test process.
@Suite("Determinism across processes")
struct CrossProcessDeterminismTests {
    @Test("bench kernel: two processes, one digest")
    func kernelDigestMatchesAcrossProcesses() throws {
        let arguments = ["bench", "kernel", "--nodes", "1000", "--in-flight", "20000", "--deliveries", "1000000", "--seed", "7"]
        let first = try FireDrillProcess.run(arguments)
        let second = try FireDrillProcess.run(arguments)
        #expect(first.status == 0 && second.status == 0, "\(first.stderr)\(second.stderr)")
        #expect(first.json("deliveries") == "1000000")
        let digest = try #require(first.json("digest"))
        #expect(digest.count == 64)
        #expect(second.json("digest") == digest)
        let inProcess = KernelWorkload(nodes: 1_000, inFlight: 20_000, deliveries: 1_000_000, seed: 7).run()
        #expect(inProcess.digest == digest)

        let otherSeed = try FireDrillProcess.run(["bench", "kernel", "--in-flight", "20000", "--deliveries", "1000000", "--seed", "8"])
        #expect(otherSeed.json("digest") != digest)
    }

    @Test("bench network (jitter, loss, duplication, cut, partition): two processes, one digest")
    func networkDigestMatchesAcrossProcesses() throws {
        let arguments = ["bench", "network", "--hosts", "24", "--events", "300000", "--seed", "3"]
        let first = try FireDrillProcess.run(arguments)
        let second = try FireDrillProcess.run(arguments)
        #expect(first.status == 0 && second.status == 0, "\(first.stderr)\(second.stderr)")
        #expect(first.json("events") == "300000")
        let digest = try #require(first.json("digest"))
        #expect(second.json("digest") == digest)
        #expect(first.json("lost") != "0" && first.json("duplicated") != "0")
        #expect(NetWorkload(hosts: 24, events: 300_000, seed: 3).run().digest == digest)
    }
}

@Suite("Command-line contract")
struct CommandLineTests {
    @Test("an invalid option value exits 2 and names the option")
    func invalidInputExitsTwo() throws {
        let result = try FireDrillProcess.run(["bench", "kernel", "--nodes", "0"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--nodes"))
        let unknown = try FireDrillProcess.run(["bench", "kernel", "--nodez", "5"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("--nodez"))
        let notANumber = try FireDrillProcess.run(["bench", "kernel", "--seed", "abc"])
        #expect(notANumber.status == 2)
        #expect(notANumber.stderr.contains("abc"))
    }

    @Test("help exits 0 and documents the exit codes")
    func helpDocumentsExitCodes() throws {
        let result = try FireDrillProcess.run(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("2  invalid input"))
        #expect(result.stdout.contains("1  an SLA or invariant was breached"))
        #expect(result.stdout.contains("5  the run spent its budget while it ran"))
        #expect(result.stdout.contains("4  explore found a fault plan that breaks an invariant"))
        let explore = try FireDrillProcess.run(["explore", "--help"]).stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(explore.contains("4 an invariant was broken") && explore.contains("1 incident or SLA findings only"))
        // Every command that watches a budget gives the same code for it.
        for command in [["run"], ["compare"], ["sweep"], ["record"], ["verify"], ["bench", "day"]] {
            let help = try FireDrillProcess.run(command + ["--help"])
            let text = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(text.contains("5 the run spent its event") || text.contains("5 a run spent its event")
                    || text.contains("5 a seed spent its event") || text.contains("5 the rerun spent its event"), "\(command)")
            #expect(!text.contains("4 the run spent") && !text.contains("4 a run spent") && !text.contains("4 a seed spent"), "\(command)")
        }
    }

    @Test("explore refuses a bad option before it runs anything, naming the option")
    func exploreOptionsAreChecked() throws {
        let tiny = ToolingCommandTests.tinyDay
        for (arguments, phrase) in [(["--runs", "0"], "--runs: expected 1…10000000, got 0"),
                                    (["--runs", "5", "--budget", "1m"], "--runs and --budget: give one or the other"),
                                    (["--stages", "swarm,chaos"], "--stages: unknown stage \"chaos\""),
                                    (["--kinds", "host_crsh"], "--kinds: unknown fault kind \"host_crsh\"; did you mean host_crash?"),
                                    (["--budget", "soon"], "--budget:"),
                                    (["--jobs", "0"], "--jobs: expected 1…256, got 0"),
                                    (["--lanes", "0"], "--lanes: expected 1…256, got 0"),
                                    (["--shard", "3/2"], "--shard: expected K/N"),
                                    (["--shard", "5/8"], "--shard 5/8: a shard runs whole lanes, and there are 4; use --lanes 8 or more")] {
            let result = try FireDrillProcess.run(["explore", tiny] + arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.contains(phrase), "\(arguments): \(result.stderr)")
        }
    }

    @Test("bench matching: two processes, one digest, and a generated day replays identically from its file")
    func matchingDigestMatchesAcrossProcesses() throws {
        let arguments = ["bench", "matching", "--orders", "300000", "--seed", "5", "--exchange", "szse"]
        let first = try FireDrillProcess.run(arguments)
        let second = try FireDrillProcess.run(arguments)
        #expect(first.status == 0 && second.status == 0, "\(first.stderr)\(second.stderr)")
        let digest = try #require(first.json("digest"))
        #expect(second.json("digest") == digest)
        #expect(Int(first.json("trades") ?? "0")! > 100_000)
        #expect(MatchingBenchRun(rules: .szse, orders: 300_000, seed: 5).execute().digest == digest)

        // `book generate` then `book replay` in other processes give the trades the golden
        // test computes in memory.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("firedrill-cli-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let day = directory.appendingPathComponent("day.csv").path, symbols = directory.appendingPathComponent("symbols.csv").path
        let trades = directory.appendingPathComponent("trades.csv").path
        let generated = try FireDrillProcess.run(["book", "generate", "--exchange", "sse", "--orders", "40000", "--seed", "3",
                                                  "--out", day, "--symbols-out", symbols])
        #expect(generated.status == 0, "\(generated.stderr)")
        let replay = try FireDrillProcess.run(["book", "replay", "--exchange", "sse", "--orders", day, "--symbols", symbols,
                                               "--trades", trades])
        #expect(replay.status == 0, "\(replay.stderr)")
        let inMemory = BookReplay.run(GeneratedDay(rules: .sse, shape: .fullDay, orders: 40_000, seed: 3))
        #expect(replay.json("trades_sha256") == inMemory.tradesSHA256)
        #expect(replay.json("rejects_sha256") == inMemory.rejectsSHA256)
        #expect(replay.json("trades") == String(inMemory.counts.trades) && inMemory.counts.trades > 10_000)
    }
}
