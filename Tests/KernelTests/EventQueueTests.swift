import Testing
@testable import Kernel

/// A slow, obviously correct queue: a plain array sorted on every pop.
private struct ReferenceQueue {
    var pending: [(time: Int64, seq: UInt64, value: Int)] = []
    var seq: UInt64 = 0

    mutating func push(_ value: Int, at time: Int64) -> UInt64 {
        seq += 1
        pending.append((time, seq, value))
        return seq
    }

    /// Sequence numbers set aside, as `EventQueue.reserveSequences` does.
    mutating func reserve(_ n: UInt64) -> [UInt64] {
        defer { seq += n }
        return (0..<n).map { seq + 1 + $0 }
    }

    mutating func push(_ value: Int, at time: Int64, sequence: UInt64) {
        pending.append((time, sequence, value))
    }

    mutating func cancel(_ s: UInt64) -> Bool {
        guard let i = pending.firstIndex(where: { $0.seq == s }) else { return false }
        pending.remove(at: i)
        return true
    }

    mutating func pop() -> (Int64, Int)? {
        guard let i = pending.indices.min(by: { (pending[$0].time, pending[$0].seq) < (pending[$1].time, pending[$1].seq) }) else { return nil }
        let e = pending.remove(at: i)
        return (e.time, e.value)
    }
}

@Suite("Event queue")
struct EventQueueTests {
    @Test("matches a sorted-array reference on random pushes, pops and cancels")
    func matchesReference() {
        for seed in UInt64(1)...20 {
            var g = Xoshiro256StarStar(seed: seed)
            var queue = EventQueue<Int>()
            var reference = ReferenceQueue()
            var ids: [(EventID, UInt64)] = []
            var value = 0
            var now: Int64 = 0
            for _ in 0..<3_000 {
                switch g.next(below: 10) {
                case 0..<5:
                    // Few distinct times, so ties are common.
                    let t = now + Int64(g.next(below: 20))
                    value += 1
                    let id = queue.push(value, at: SimTime(nanos: t))
                    ids.append((id, reference.push(value, at: t)))
                case 5..<8:
                    let got = queue.popMin()
                    let want = reference.pop()
                    #expect(got?.time.nanos == want?.0)
                    #expect(got?.element == want?.1)
                    if let t = got?.time.nanos { now = t }
                default:
                    if !ids.isEmpty {
                        let (id, s) = ids[Int(g.next(below: UInt64(ids.count)))]
                        let got = queue.cancel(id)
                        #expect(got == reference.cancel(s))
                    }
                }
                #expect(queue.count == reference.pending.count)
            }
            while let want = reference.pop() {
                let got = queue.popMin()
                #expect(got?.time.nanos == want.0 && got?.element == want.1)
            }
            #expect(queue.popMin() == nil)
            #expect(queue.isEmpty)
        }
    }

    @Test("events pushed later under sequence numbers set aside earlier fire in those numbers' places, as the reference's do")
    func reservedSequencesMatchReference() {
        for seed in UInt64(1)...20 {
            var g = Xoshiro256StarStar(seed: seed)
            var queue = EventQueue<Int>()
            var reference = ReferenceQueue()
            var unused: [UInt64] = []
            var value = 0
            var now: Int64 = 0
            for _ in 0..<3_000 {
                switch g.next(below: 12) {
                case 0..<4:
                    let t = now + Int64(g.next(below: 20))
                    value += 1
                    _ = queue.push(value, at: SimTime(nanos: t))
                    _ = reference.push(value, at: t)
                case 4:
                    let n = g.next(below: 5)
                    let range = queue.reserveSequences(n)
                    let want = reference.reserve(n)
                    #expect(Array(range) == want)
                    unused += want
                case 5..<8:
                    guard !unused.isEmpty else { continue }
                    let s = unused.remove(at: Int(g.next(below: UInt64(unused.count))))
                    // Often at the current time: ties with entries already in bucket 0.
                    let t = now + Int64(g.next(below: 3))
                    value += 1
                    let id = queue.push(value, at: SimTime(nanos: t), sequence: s)
                    #expect(id.sequence == s)
                    reference.push(value, at: t, sequence: s)
                default:
                    if g.next(below: 3) == 0 { _ = queue.nextTime() }
                    let got = queue.popMin()
                    let want = reference.pop()
                    #expect(got?.time.nanos == want?.0 && got?.element == want?.1)
                    if let t = got?.time.nanos { now = t }
                }
            }
            while let want = reference.pop() {
                let got = queue.popMin()
                #expect(got?.time.nanos == want.0 && got?.element == want.1)
            }
            #expect(queue.isEmpty)
        }
    }

    @Test("pops with a time limit as the reference does, over wide spreads of time")
    func popWithLimitMatchesReference() {
        for seed in UInt64(1)...10 {
            var g = Xoshiro256StarStar(seed: seed)
            var queue = EventQueue<Int>()
            var reference = ReferenceQueue()
            var now: Int64 = 0
            var value = 0
            for _ in 0..<4_000 {
                if g.next(below: 2) == 0 {
                    // Gaps from nanoseconds to hours: entries land in high buckets and move down.
                    let t = now + Int64(g.next(below: 1 << g.next(below: 44)))
                    value += 1
                    _ = queue.push(value, at: SimTime(nanos: t))
                    _ = reference.push(value, at: t)
                } else {
                    let limit = now + Int64(g.next(below: 1 << 30))
                    let got = queue.popMin(notAfter: limit)
                    let earliest = reference.pending.map(\.time).min()
                    let want = earliest.map { $0 <= limit } == true ? reference.pop() : nil
                    #expect(got?.time.nanos == want?.0 && got?.element == want?.1)
                    if let t = got?.time.nanos { now = t }
                }
            }
            while let want = reference.pop() {
                let got = queue.popMin(notAfter: .max)
                #expect(got?.time.nanos == want.0 && got?.element == want.1)
            }
            #expect(queue.isEmpty)
        }
    }

    @Test("a copy of a queue is independent of the original")
    func copiesAreIndependent() {
        var g = Xoshiro256StarStar(seed: 7)
        var original = EventQueue<Int>()
        for v in 0..<500 { _ = original.push(v, at: SimTime(nanos: Int64(g.next(below: 1_000_000)))) }
        for _ in 0..<100 { _ = original.popMin() }
        var copy = original
        var fromCopy: [Int] = []
        while let e = copy.popMin() { fromCopy.append(e.element) }
        _ = copy.push(-1, at: SimTime(nanos: 2_000_000))
        #expect(original.count == 400)
        var fromOriginal: [Int] = []
        while let e = original.popMin() { fromOriginal.append(e.element) }
        #expect(fromOriginal == fromCopy)
        #expect(copy.count == 1)
    }

    @Test func tiesFireInSchedulingOrder() {
        var queue = EventQueue<String>()
        let t = SimTime.clock(9, 30)
        _ = queue.push("first", at: t)
        _ = queue.push("earlier", at: t - .nanoseconds(1))
        _ = queue.push("second", at: t)
        _ = queue.push("third", at: t)
        var order: [String] = []
        while let e = queue.popMin() { order.append(e.element) }
        #expect(order == ["earlier", "first", "second", "third"])
    }

    @Test func cancellingTwiceOrAfterFiringIsRefused() {
        var queue = EventQueue<Int>()
        let a = queue.push(1, at: SimTime(nanos: 5))
        let b = queue.push(2, at: SimTime(nanos: 6))
        let cancelledOnce = queue.cancel(a)
        let cancelledTwice = queue.cancel(a)
        #expect(cancelledOnce && !cancelledTwice)
        let popped = queue.popMin()?.element
        #expect(popped == 2)
        let cancelledAfterFiring = queue.cancel(b)
        #expect(!cancelledAfterFiring)
        // A recycled slot does not revive an old id.
        let c = queue.push(3, at: SimTime(nanos: 7))
        let revived = queue.cancel(a) || queue.cancel(b)
        #expect(!revived)
        #expect(queue.isPending(c))
        let last = queue.popMin()?.element
        #expect(last == 3)
    }

    @Test("a push earlier than a peeked minimum still fires first")
    func pushBelowPeekedMinimum() {
        var queue = EventQueue<Int>()
        _ = queue.push(1, at: SimTime(nanos: 1_000))
        _ = queue.push(2, at: SimTime(nanos: 1_000))
        _ = queue.push(3, at: SimTime(nanos: 70_000))
        let peeked = queue.nextTime()
        #expect(peeked == SimTime(nanos: 1_000))
        _ = queue.push(4, at: SimTime(nanos: 500))
        _ = queue.push(5, at: SimTime(nanos: 1_000))
        var order: [Int] = []
        while let e = queue.popMin() { order.append(e.element) }
        #expect(order == [4, 1, 2, 5, 3])
    }

    @Test("matches the reference when peeks and far-future times are mixed in")
    func matchesReferenceWithPeeks() {
        var g = Xoshiro256StarStar(seed: 99)
        var queue = EventQueue<Int>()
        var reference = ReferenceQueue()
        var now: Int64 = 0
        for value in 0..<4_000 {
            // Times from the same instant to far in the future, so entries cross many buckets.
            let t = now + Int64(g.next(below: 1 << g.next(below: 40)))
            _ = queue.push(value, at: SimTime(nanos: t))
            _ = reference.push(value, at: t)
            if g.chance(0.5) {
                let got = queue.popMin(), want = reference.pop()
                #expect(got?.time.nanos == want?.0 && got?.element == want?.1)
                now = got?.time.nanos ?? now
            }
            if g.chance(0.1) { _ = queue.nextTime() }
        }
        while let want = reference.pop() {
            let got = queue.popMin()
            #expect(got?.time.nanos == want.0 && got?.element == want.1)
        }
    }

    @Test func slotsAreRecycled() {
        var queue = EventQueue<Int>()
        for round in 0..<100 {
            for i in 0..<50 { _ = queue.push(i, at: SimTime(nanos: Int64(round * 100 + i))) }
            for _ in 0..<50 { _ = queue.popMin() }
        }
        #expect(queue.slots.count == 50)
        #expect(queue.scheduledTotal == 5_000)
    }
}
