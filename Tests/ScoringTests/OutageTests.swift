import Chaos
import Kernel
import Scoring
import Stack
import Testing

@Suite struct OutageTests {
    func run(_ faults: [FaultSpec]) throws -> (StackRunResult, Scorecard) {
        var config = StackConfig.shortDay
        config.seed = 7
        let run = try StackRun.run(config, plan: { world throws(StackBuildError) in try FaultPlan.changes(faults, world: world) })
        return (run, Scorecard(run, policy: try csrc()))
    }

    @Test func theNormalTierDownForSixMinutesIsAMajorOnlineTradingIncident() throws {
        let crash = ["normal-shenzhen-1", "normal-shenzhen-2", "normal-shenzhen-3", "normal-shenzhen-4"].map {
            FaultSpec(name: "crash-\($0)", kind: .hostCrash, nodes: [$0], start: .clock(9, 35), duration: .minutes(6))
        }
        // The short day's lunch is 09:45–09:46, so 09:35–09:41 is all trading time.
        let (_, card) = try run(crash)
        let online = try #require(card.outages.first { $0.system == "online_trading" })
        // Quiet seconds are judged in runs of at least 5 orders (about 2 s of class III here), so
        // each edge is blurred by a run. Orders sent in the last moments before the restart wait in
        // their sessions and are answered within 100 ms of it: the last run before 09:41 is partial.
        #expect(abs(online.anyNanos - 6 * minute) <= 3 * second, "down \(online.anyNanos) ns: \(online.windows)")
        #expect(online.fullNanos >= 6 * minute - 8 * second, "fully down \(online.fullNanos) ns: \(online.windows)")
        let first = try #require(online.windows.first)
        #expect(abs(first.start.nanos - SimTime.clock(9, 35).nanos) <= 2 * second)
        let incident = try #require(card.incidents.first { $0.system == "online_trading" })
        #expect(incident.grade == "major" && incident.label == "较大")
        // The quants' counters run on other tiers: no outage there.
        #expect(card.outages.first { $0.system == "centralized_trading" }?.anyNanos == 0)
    }

    @Test func aHealthyDayHasNoIncidents() throws {
        let (_, card) = try run([])
        #expect(card.outages.count == 3)
        #expect(card.outages.allSatisfy { $0.anyNanos == 0 && $0.windows.isEmpty })
        #expect(card.incidents.isEmpty)
    }

    @Test func oneCrashedInstanceOfSeveralIsAPartialOutageNotAFullOne() throws {
        #expect(try csrc().minOrders == 5)
        let crash = FaultSpec(name: "crash", kind: .hostCrash, nodes: ["fast-shanghai-1"], start: .clock(9, 40), duration: .seconds(30))
        let (_, card) = try run([crash])
        let centralized = try #require(card.outages.first { $0.system == "centralized_trading" })
        // Thin traffic is judged five orders at a time: no second counts as fully down because
        // its only order hit the crashed instance.
        #expect(centralized.fullNanos == 0)
        #expect(centralized.anyNanos > 0 && centralized.anyNanos <= 60 * second, "partly down \(centralized.anyNanos) ns")
        #expect(card.outages.first { $0.system == "online_trading" }?.anyNanos == 0)
    }

    @Test func aSlowTierIsPartlyDown() throws {
        let slow = ["normal-shenzhen-1", "normal-shenzhen-2"].map {
            FaultSpec(name: "cpu-\($0)", kind: .cpuLoad, nodes: [$0], start: .clock(9, 35), duration: .minutes(4), factor: 40)
        }
        let (_, card) = try run(slow)
        let online = try #require(card.outages.first { $0.system == "online_trading" })
        #expect(online.anyNanos > 60 * second, "partly down \(online.anyNanos) ns")
        #expect(online.fullNanos < online.anyNanos)
        let incident = try #require(card.incidents.first { $0.system == "online_trading" })
        #expect(["general", "major"].contains(incident.grade))
    }
}
