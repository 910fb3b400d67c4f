import Kernel
import Testing
@testable import Net

/// Two hosts on two sites joined by one link with `spec`.
func twoHosts(_ spec: LinkSpec, km: Double = 0) throws -> (Network, HostID, HostID, LinkID) {
    var net = Network(seed: 1)
    let sz = try net.addSite("shenzhen"), bj = try net.addSite("beijing")
    try net.setDistance(sz, bj, km: km)
    let a = try net.addHost("a", site: sz), b = try net.addHost("b", site: bj)
    let link = try net.addLink("a-b", between: a, and: b, spec: spec)
    return (net, a, b, link)
}

@Suite("Link physics")
struct LinkPhysicsTests {
    @Test("1,400 km of fibre one way is 7 ms")
    func fibrePropagation() throws {
        var (net, a, b, _) = try twoHosts(LinkSpec(propagation: .distance(km: 1_400), bandwidthBitsPerSecond: 0))
        #expect(net.transmit(from: a, to: b, bytes: 64, at: .midnight).arrival == SimTime(nanos: 7_000_000))
        // The same path taken from the sites' distance.
        var (viaSites, c, d, _) = try twoHosts(LinkSpec(propagation: .siteDistance, bandwidthBitsPerSecond: 0), km: 1_400)
        #expect(viaSites.transmit(from: c, to: d, bytes: 64, at: .midnight).arrival == SimTime(nanos: 7_000_000))
        // Microwave over the same path is faster.
        var (microwave, e, f, _) = try twoHosts(LinkSpec(propagation: .distance(km: 1_400), nanosPerKm: LinkSpec.microwaveNanosPerKm, bandwidthBitsPerSecond: 0))
        #expect(microwave.transmit(from: e, to: f, bytes: 64, at: .midnight).arrival! < SimTime(nanos: 4_700_000))
    }

    @Test("serialization: 64 B at 10 Gb/s is 51.2 ns, 256 B is 204.8 ns")
    func serialization() {
        let tenG = LinkSpec(bandwidthBitsPerSecond: 10_000_000_000)
        #expect(tenG.serializationPicos(bytes: 64) == 51_200)
        #expect(tenG.serializationPicos(bytes: 256) == 204_800)
        let twentyFiveG = LinkSpec(bandwidthBitsPerSecond: 25_000_000_000)
        #expect(twentyFiveG.serializationPicos(bytes: 64) == 20_480)
        #expect(twentyFiveG.serializationPicos(bytes: 256) == 81_920)
        #expect(LinkSpec(bandwidthBitsPerSecond: 0).serializationPicos(bytes: 1_500) == 0)
    }

    @Test("a second message on a busy link waits for the first")
    func fifoQueueing() throws {
        var (net, a, b, _) = try twoHosts(LinkSpec(propagation: .explicit(.zero), bandwidthBitsPerSecond: 10_000_000_000))
        // 64 B takes 51.2 ns; a message is there once its last bit is (rounded up to the ns).
        #expect(net.transmit(from: a, to: b, bytes: 64, at: .midnight).arrival == SimTime(nanos: 52))
        #expect(net.transmit(from: a, to: b, bytes: 64, at: .midnight).arrival == SimTime(nanos: 103)) // 102.4
        #expect(net.transmit(from: a, to: b, bytes: 256, at: SimTime(nanos: 50)).arrival == SimTime(nanos: 308)) // 102.4 + 204.8
        // The other direction has its own queue.
        #expect(net.transmit(from: b, to: a, bytes: 64, at: .midnight).arrival == SimTime(nanos: 52))
        // Once the line is idle a message does not wait.
        #expect(net.transmit(from: a, to: b, bytes: 64, at: SimTime(nanos: 1_000)).arrival == SimTime(nanos: 1_052))
    }

    @Test("all delay components add up")
    func delayComponents() throws {
        var (net, a, b, _) = try twoHosts(LinkSpec(
            propagation: .distance(km: 10), bandwidthBitsPerSecond: 10_000_000_000,
            switchingDelay: .nanoseconds(300), hops: 3
        ))
        // 10 km = 50,000 ns; 3 hops × 300 ns; 256 B = 204.8 ns → 51,104.8 → 51,105.
        #expect(net.transmit(from: a, to: b, bytes: 256, at: .midnight).arrival == SimTime(nanos: 51_105))
        try net.apply(.setExtraDelay(net.link(named: "a-b")!, .microseconds(5)), at: .midnight)
        #expect(net.transmit(from: a, to: b, bytes: 256, at: SimTime(nanos: 100_000)).arrival == SimTime(nanos: 156_105))
    }

    @Test("jitter delays but never reorders one direction")
    func jitterKeepsOrder() throws {
        var (net, a, b, _) = try twoHosts(LinkSpec(
            propagation: .explicit(.microseconds(100)), bandwidthBitsPerSecond: 10_000_000_000,
            jitter: .exponential(mean: 50_000)
        ))
        var last = SimTime.midnight
        var jittered = 0
        for i in 0..<10_000 {
            let sent = SimTime(nanos: Int64(i) * 1_000)
            let arrival = net.transmit(from: a, to: b, bytes: 64, at: sent).arrival!
            #expect(arrival >= last)
            #expect(arrival - sent >= .nanoseconds(100_052))
            if arrival - sent > .nanoseconds(100_052) { jittered += 1 }
            last = arrival
        }
        #expect(jittered > 9_000)
    }

    @Test("loss 1.0 delivers nothing, 0.0 everything; duplication 1.0 delivers twice")
    func lossAndDuplication() throws {
        var (lossy, a, b, _) = try twoHosts(LinkSpec(propagation: .explicit(.microseconds(1)), lossProbability: 1))
        for i in 0..<1_000 {
            let t = lossy.transmit(from: a, to: b, bytes: 100, at: SimTime(nanos: Int64(i) * 1_000))
            #expect(t.copies == 0 && t.dropped == .lost)
        }
        #expect(lossy.links[0].stats.lost == 1_000)

        var (clean, c, d, _) = try twoHosts(LinkSpec(propagation: .explicit(.microseconds(1)), lossProbability: 0))
        for i in 0..<1_000 {
            #expect(clean.transmit(from: c, to: d, bytes: 100, at: SimTime(nanos: Int64(i) * 1_000)).copies == 1)
        }

        var (doubled, e, f, _) = try twoHosts(LinkSpec(propagation: .explicit(.microseconds(1)), bandwidthBitsPerSecond: 10_000_000_000, duplicationProbability: 1))
        let t = doubled.transmit(from: e, to: f, bytes: 64, at: .midnight)
        #expect(t.copies == 2)
        // The copy is sent right behind the original.
        #expect(t.arrival == SimTime(nanos: 1_052) && t.duplicateArrival == SimTime(nanos: 1_103))
    }

    @Test("a partial loss rate drops about that share")
    func partialLoss() throws {
        var (net, a, b, _) = try twoHosts(LinkSpec(propagation: .explicit(.microseconds(1)), lossProbability: 0.01))
        var lost = 0
        for i in 0..<100_000 where net.transmit(from: a, to: b, bytes: 64, at: SimTime(nanos: Int64(i) * 1_000)).copies == 0 {
            lost += 1
        }
        #expect(abs(lost - 1_000) < 120)
    }
}
