import Harness
import Kernel
import Testing

@Suite struct ProgressLineTests {
    @Test func theBarReadsTheSimulatedClockRateAndTimeLeft() {
        let day = (SimTime.clock(7, 0), SimTime.clock(16, 0))
        // A third of the day in 10 s of wall time: 20 s to go at that rate.
        let p = RunProgress(simulated: .clock(10, 0), dayStart: day.0, dayEnd: day.1, events: 3_000_000)
        #expect(ProgressLine.text(p, wallSeconds: 10, barWidth: 12)
            == "[####--------]  33%  sim 10:00:00  300.0 k events/s  ETA 20 s")
        let done = RunProgress(simulated: day.1, dayStart: day.0, dayEnd: day.1, events: 27_000_000)
        #expect(ProgressLine.text(done, wallSeconds: 125, barWidth: 4, label: "seed 3")
            == "seed 3 [####] 100%  sim 16:00:00  216.0 k events/s  done in 2 m 05 s")
        let start = RunProgress(simulated: day.0, dayStart: day.0, dayEnd: day.1, events: 0)
        #expect(ProgressLine.text(start, wallSeconds: 0, barWidth: 2) == "[--]   0%  sim 07:00:00  0 events/s  ETA --")
        let fast = RunProgress(simulated: .clock(11, 30), dayStart: day.0, dayEnd: day.1, events: 12_000_000)
        #expect(ProgressLine.text(fast, wallSeconds: 4, barWidth: 2) == "[#-]  50%  sim 11:30:00  3.00 M events/s  ETA 4 s")
    }
}
