import Crypto
import Foundation
import Testing
@testable import Kernel

@Suite("Trace points and the run digest")
struct TraceAndDigestTests {
    @Test func listenersSeeRecordsOnlyWhileSubscribed() {
        var hub = TraceHub()
        let order = hub.register("tier.enter")
        let other = hub.register("tier.leave")
        #expect(hub.register("tier.enter") == order)
        #expect(hub.point(named: "tier.leave") == other && hub.name(of: other) == "tier.leave")
        final class Box { var records: [TraceRecord] = [] }
        let box = Box()
        hub.emit(order, time: .clock(9, 30), node: NodeID(3), 17, 100) // nobody listens: dropped
        hub.subscribe(order) { box.records.append($0) }
        #expect(hub.isListening(order) && !hub.isListening(other))
        hub.emit(order, time: .clock(9, 30), node: NodeID(3), 17, 100)
        hub.emit(other, time: .clock(9, 31), node: NodeID(3), 18, 0)
        hub.unsubscribeAll(order)
        hub.emit(order, time: .clock(9, 32), node: NodeID(3), 19, 0)
        #expect(box.records == [TraceRecord(point: order, time: .clock(9, 30), node: NodeID(3), a: 17, b: 100)])
    }

    @Test func kernelWorkloadTracesEveryDelivery() {
        final class Count { var n = 0; var lastTime = SimTime.midnight; var ordered = true }
        let count = Count()
        let outcome = KernelWorkload(nodes: 10, inFlight: 100, deliveries: 5_000, seed: 1).run { simulation in
            let point = simulation.trace.point(named: "kernel-bench.delivery")!
            simulation.trace.subscribe(point) { r in
                count.n += 1
                if r.time < count.lastTime { count.ordered = false }
                count.lastTime = r.time
            }
        }
        #expect(count.n == 5_000 && outcome.deliveries == 5_000)
        #expect(count.ordered)
        #expect(count.lastTime == outcome.finalTime)
    }

    @Test func digestOfBytesIsSHA256() {
        var d = RunDigest()
        for b in "abc".utf8 { d.feed(b) }
        #expect(d.finalize() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test("buffered digest equals SHA-256 of the same little-endian bytes")
    func digestMatchesReference() {
        var g = Xoshiro256StarStar(seed: 2)
        var d = RunDigest()
        var bytes: [UInt8] = []
        for _ in 0..<50_000 {
            let v = g.next()
            switch v % 4 {
            case 0:
                d.feed(v)
                withUnsafeBytes(of: v.littleEndian) { bytes += $0 }
            case 1:
                d.feed(UInt32(truncatingIfNeeded: v))
                withUnsafeBytes(of: UInt32(truncatingIfNeeded: v).littleEndian) { bytes += $0 }
            case 2:
                d.feed(UInt8(truncatingIfNeeded: v))
                bytes.append(UInt8(truncatingIfNeeded: v))
            default:
                let s = "order-\(v % 1000)"
                d.feed(s)
                withUnsafeBytes(of: UInt64(s.utf8.count).littleEndian) { bytes += $0 }
                bytes += Array(s.utf8)
            }
        }
        #expect(d.byteCount == UInt64(bytes.count))
        let want = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        #expect(d.finalize() == want)
    }

    @Test func lengthPrefixSeparatesStrings() {
        var a = RunDigest(), b = RunDigest()
        a.feed("ab"); a.feed("c")
        b.feed("a"); b.feed("bc")
        #expect(a.finalize() != b.finalize())
    }

    @Test("kernel workload: same seed, same digest; another seed, another digest")
    func kernelWorkloadIsDeterministic() {
        let w = KernelWorkload(nodes: 100, inFlight: 5_000, deliveries: 300_000, seed: 1)
        let first = w.run(), second = w.run()
        var other = w
        other.seed = 2
        #expect(first == second)
        #expect(first.deliveries == 300_000)
        #expect(other.run().digest != first.digest)
    }
}
