import Kernel
import Testing
@testable import Net

@Suite("Network workload determinism")
struct NetDeterminismTests {
    @Test("300,000 events with jitter, loss, duplication, a cut and a partition: same seed, same digest")
    func sameSeedSameDigest() {
        let workload = NetWorkload(hosts: 24, inFlight: 2_000, events: 300_000, seed: 1)
        let first = workload.run()
        let second = workload.run()
        #expect(first == second)
        #expect(first.events == 300_000)
        // Every impairment actually happened.
        #expect(first.lost > 0 && first.duplicated > 0 && first.cutInFlight > 0 && first.droppedAtSend > 0)
        #expect(first.timersCancelled > 0 && first.retries > 0)
        var other = workload
        other.seed = 2
        #expect(other.run().digest != first.digest)
    }
}
