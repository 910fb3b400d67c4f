import Testing
@testable import Kernel

/// Records what each node saw; node 0 re-arms a timer and cancels the previous one.
private struct Recorder: SimNode {
    var seen: [(SimTime, String)] = []
    var timer: EventID?

    mutating func receive(_ event: Event<String>, in simulation: inout Simulation<String>) {
        #expect(simulation.now == event.time)
        seen.append((event.time, event.payload))
        if event.payload == "ping" {
            simulation.send("pong", to: NodeID(1), after: .microseconds(5))
            if let timer { simulation.cancel(timer) }
            timer = simulation.setTimer("timeout", for: event.target, after: .milliseconds(1))
        }
    }
}

@Suite("Simulation clock and scheduler")
struct SimulationTests {
    @Test func clockFollowsEventsAndTimersCancel() {
        var simulation = Simulation<String>(start: .clock(9, 0))
        for i in 0..<3 {
            simulation.schedule("ping", to: NodeID(0), at: .clock(9, 0) + .microseconds(Int64(100 * i)))
        }
        var world = NodeArray([Recorder(), Recorder()])
        #expect(simulation.run(&world) == .drained)
        // Only the last timer survives: the first two were cancelled by the next ping.
        #expect(world.nodes[0].seen.map(\.1) == ["ping", "ping", "ping", "timeout"])
        #expect(world.nodes[0].seen.last!.0 == .clock(9, 0) + .microseconds(200) + .milliseconds(1))
        #expect(world.nodes[1].seen.map(\.0) == [5, 105, 205].map { .clock(9, 0) + .microseconds($0) })
        #expect(simulation.eventsFired == 7)
    }

    @Test func runStopsAtTimeLimitWithClockAtLimit() {
        var simulation = Simulation<String>()
        simulation.schedule("ping", to: NodeID(0), at: SimTime(nanos: 10))
        simulation.schedule("ping", to: NodeID(0), at: SimTime(nanos: 5_000))
        var world = NodeArray([Recorder(), Recorder()])
        #expect(simulation.run(&world, until: SimTime(nanos: 1_000)) == .reachedTimeLimit)
        #expect(simulation.now == SimTime(nanos: 1_000))
        #expect(world.nodes[0].seen.count == 1 && world.nodes[1].seen.isEmpty) // the pong is due at 5,010 ns
        #expect(simulation.run(&world, maxEvents: 1) == .reachedEventLimit)
        #expect(simulation.now == SimTime(nanos: 5_000))
    }

    @Test func handlerCanStopTheRun() {
        struct StopAtThree: EventHandler {
            var count = 0
            mutating func handle(_ event: Event<Int>, in simulation: inout Simulation<Int>) {
                count += 1
                simulation.send(event.payload + 1, to: event.target, after: .nanoseconds(1))
                if count == 3 { simulation.stop() }
            }
        }
        var simulation = Simulation<Int>()
        simulation.schedule(0, to: NodeID(0), at: .midnight)
        var handler = StopAtThree()
        #expect(simulation.run(&handler) == .stopped)
        #expect(handler.count == 3 && simulation.pendingCount == 1)
    }
}
