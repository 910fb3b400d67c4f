/// Identifies one scheduled event, so that it can be cancelled before it fires.
///
/// The id packs the event's sequence number (high bits) and its storage slot (low bits);
/// an id whose event has fired or been cancelled is simply stale and cancelling it is a no-op.
public struct EventID: Hashable, Sendable {
    public let raw: UInt64
    @inlinable init(raw: UInt64) { self.raw = raw }

    /// The order in which the event was scheduled (1, 2, 3, …); breaks ties between equal times.
    @inlinable public var sequence: UInt64 { raw >> EventQueueLimits.slotBits }
}

/// Bounds of the event queue, asserted on every push.
public enum EventQueueLimits {
    /// Bits of an `EventID` that name the storage slot.
    @usableFromInline static let slotBits: UInt64 = 28
    /// At most this many events may be pending at once (about 268 million).
    public static let pendingMax = 1 << 28 - 1
    /// At most this many events may be scheduled over one run (about 68.7 billion).
    public static let sequenceMax: UInt64 = 1 << 36 - 1
}

/// One queue entry: the firing time and the packed (sequence, slot) key. Sixteen bytes, so
/// moving entries between buckets moves little memory; the payload stays put in its slot.
@usableFromInline
struct QueueEntry {
    @usableFromInline var time: Int64
    @usableFromInline var key: UInt64

    @inlinable init(time: Int64, key: UInt64) { self.time = time; self.key = key }

}

/// A slab cell: the pending event's key (0 when not pending) and its payload.
@usableFromInline
struct Slot<Element> {
    @usableFromInline var liveKey: UInt64
    @usableFromInline var element: Element
    @inlinable init(liveKey: UInt64, element: Element) { self.liveKey = liveKey; self.element = element }
}

/// A priority queue of timed elements, ordered by `(time, sequence number)`.
///
/// A radix heap: virtual time never runs backwards, so every pending time is at least
/// `floor`, the latest minimum taken out. An entry lives in bucket `b` = the position of the
/// highest bit in which its time differs from `floor` (bucket 0: equal to `floor`). Taking the
/// minimum empties the lowest non-empty bucket into lower ones, so each entry moves at most 64
/// times and all moves are sequential appends; no entry is ever compared with more than its
/// bucket's neighbours. Bucket 0 is kept in sequence order, which makes ties fire in the order
/// they were scheduled. Payloads stay put in a slab of recycled slots, so a steady state of
/// pushes and pops allocates nothing.
/// - `push`: O(1). `popMin`: O(1) amortised plus O(64) bucket moves per entry over its life.
/// - `cancel`: O(1); the entry is discarded when it comes out.
/// - Pushing a time earlier than `floor` (the latest minimum taken out or peeked at) rebuilds
///   the buckets once, in O(n). A `Simulation` does so at most once per `run(until:)` that
///   stopped at its limit, since it never schedules before its clock.
public struct EventQueue<Element> {
    /// Bucket 0 from `head` on: entries at `floor`, in sequence order. Bucket b ≥ 1: entries
    /// whose time differs from `floor` first in bit b − 1.
    @usableFromInline var buckets = RadixBuckets()
    @usableFromInline var head = 0
    /// Bit b − 1 is set when bucket b is non-empty (b in 1…64).
    @usableFromInline var occupied: UInt64 = 0
    /// Every pending time is at least this; entries in bucket 0 are exactly at it.
    @usableFromInline var floor: UInt64 = 0
    /// Entries in the buckets, cancelled ones included.
    @usableFromInline var stored = 0
    /// `slots[s]` holds the payload of the event occupying slot `s` and, beside it (so one
    /// cache line serves both), its key while pending, or 0 once fired, cancelled or free.
    @usableFromInline var slots: [Slot<Element>] = []
    @usableFromInline var freeSlots: [UInt32] = []
    @usableFromInline var nextSequence: UInt64 = 1
    @usableFromInline var cancelledPending: Int = 0

    public init() {}

    /// Pending events, not counting cancelled ones.
    @inlinable public var count: Int { stored - cancelledPending }
    @inlinable public var isEmpty: Bool { count == 0 }

    /// How many events have been scheduled so far (the next event gets this number plus one).
    @inlinable public var scheduledTotal: UInt64 { nextSequence - 1 }

    /// Reserves room for `n` pending events so that a run allocates only at start.
    public mutating func reserveCapacity(_ n: Int) {
        slots.reserveCapacity(n)
        freeSlots.reserveCapacity(n)
        uniqueBuckets()
        buckets.reserve(min(n, 1_024), in: 0)
    }

    /// Copies the buckets first if another copy of this queue shares them (value semantics).
    @inlinable @inline(__always)
    mutating func uniqueBuckets() {
        if !isKnownUniquelyReferenced(&buckets) { buckets = buckets.copy() }
    }

    /// The slab slot a packed key names.
    @inlinable @inline(__always)
    static func slot(of key: UInt64) -> Int { Int(key & (1 << EventQueueLimits.slotBits - 1)) }

    /// Times as unsigned numbers in the same order (so negative times sort first).
    @inlinable @inline(__always)
    static func radixKey(_ time: Int64) -> UInt64 { UInt64(bitPattern: time) ^ (1 << 63) }

    @inlinable @inline(__always)
    func bucket(of key: UInt64) -> Int {
        64 - (key ^ floor).leadingZeroBitCount
    }

    /// Schedules `element` at `time`; returns an id that can cancel it.
    @inlinable
    public mutating func push(_ element: Element, at time: SimTime) -> EventID {
        precondition(nextSequence <= EventQueueLimits.sequenceMax, "event sequence space exhausted")
        uniqueBuckets()
        let key = store(element, sequence: nextSequence)
        nextSequence += 1
        let radix = EventQueue.radixKey(time.nanos)
        if radix < floor { rebuild(newFloor: radix) }
        let b = bucket(of: radix)
        buckets.append(QueueEntry(time: time.nanos, key: key), to: b)
        if b > 0 { occupied |= 1 << UInt64(b - 1) }
        stored += 1
        return EventID(raw: key)
    }

    /// Puts `element` in a free slot under `sequence`; returns its packed key.
    @inlinable @inline(__always)
    mutating func store(_ element: Element, sequence: UInt64) -> UInt64 {
        if let free = freeSlots.popLast() {
            let key = sequence << EventQueueLimits.slotBits | UInt64(free)
            slots[Int(free)] = Slot(liveKey: key, element: element)
            return key
        }
        precondition(slots.count < EventQueueLimits.pendingMax, "more than \(EventQueueLimits.pendingMax) pending events")
        let key = sequence << EventQueueLimits.slotBits | UInt64(slots.count)
        slots.append(Slot(liveKey: key, element: element))
        return key
    }

    /// Sets the next `n` sequence numbers aside: events pushed later with one of them
    /// (`push(_:at:sequence:)`) break ties as if they had been scheduled now.
    public mutating func reserveSequences(_ n: UInt64) -> Range<UInt64> {
        precondition(n <= EventQueueLimits.sequenceMax - nextSequence, "event sequence space exhausted")
        defer { nextSequence += n }
        return nextSequence..<(nextSequence + n)
    }

    /// Schedules `element` at `time` under a sequence number set aside earlier with
    /// `reserveSequences`; each such number may be used once.
    public mutating func push(_ element: Element, at time: SimTime, sequence: UInt64) -> EventID {
        precondition(sequence >= 1 && sequence < nextSequence, "sequence \(sequence) was not set aside")
        uniqueBuckets()
        let key = store(element, sequence: sequence)
        let radix = EventQueue.radixKey(time.nanos)
        if radix < floor { rebuild(newFloor: radix) }
        let b = bucket(of: radix)
        buckets.append(QueueEntry(time: time.nanos, key: key), to: b)
        if b > 0 {
            occupied |= 1 << UInt64(b - 1)
        } else {
            // Bucket 0 is kept in sequence order, and this entry may be older than its neighbours.
            var i = buckets.counts[0] - 1
            let zero = buckets.starts[0]
            while i > head && zero[i - 1].key > key { let e = zero[i - 1]; zero[i - 1] = zero[i]; zero[i] = e; i -= 1 }
        }
        stored += 1
        return EventID(raw: key)
    }

    /// Cancels a pending event. Returns `false` when the event already fired or was cancelled.
    @inlinable @discardableResult
    public mutating func cancel(_ id: EventID) -> Bool {
        let slot = EventQueue.slot(of: id.raw)
        guard slot < slots.count, slots[slot].liveKey == id.raw else { return false }
        slots[slot].liveKey = 0
        cancelledPending += 1
        return true
    }

    /// Whether `id` names an event that is still pending.
    @inlinable public func isPending(_ id: EventID) -> Bool {
        let slot = EventQueue.slot(of: id.raw)
        return slot < slots.count && slots[slot].liveKey == id.raw
    }

    /// The time of the earliest pending event, discarding cancelled entries on the way.
    @inlinable
    public mutating func nextTime() -> SimTime? {
        uniqueBuckets()
        while fillBucketZero() {
            let top = buckets.starts[0][head]
            let slot = EventQueue.slot(of: top.key)
            if slots[slot].liveKey == top.key { return SimTime(nanos: top.time) }
            takeFromBucketZero()
            freeSlots.append(UInt32(slot))
            cancelledPending -= 1
        }
        return nil
    }

    /// Removes and returns the earliest pending event.
    @inlinable
    public mutating func popMin() -> (time: SimTime, id: EventID, element: Element)? {
        popMin(notAfter: .max)
    }

    /// Removes and returns the earliest pending event if it fires at or before `limit`
    /// (nanoseconds); `nil` when nothing is pending or the earliest lies after `limit`.
    @inlinable
    public mutating func popMin(notAfter limit: Int64) -> (time: SimTime, id: EventID, element: Element)? {
        uniqueBuckets()
        while fillBucketZero() {
            let top = buckets.starts[0][head]
            let slot = EventQueue.slot(of: top.key)
            if slots[slot].liveKey == top.key {
                if top.time > limit { return nil }
                takeFromBucketZero()
                freeSlots.append(UInt32(slot))
                slots[slot].liveKey = 0
                return (SimTime(nanos: top.time), EventID(raw: top.key), slots[slot].element)
            }
            takeFromBucketZero()
            freeSlots.append(UInt32(slot))
            cancelledPending -= 1
        }
        return nil
    }

    /// The buckets must be unshared (`uniqueBuckets`) before this and the two below.
    @inlinable @inline(__always)
    mutating func takeFromBucketZero() {
        head += 1
        stored -= 1
        if head == buckets.counts[0] {
            buckets.counts[0] = 0
            head = 0
        }
    }

    /// Makes bucket 0 non-empty by emptying the lowest occupied bucket into lower ones;
    /// `false` when nothing is stored.
    @inlinable
    mutating func fillBucketZero() -> Bool {
        if head < buckets.counts[0] { return true }
        if occupied == 0 { return false }
        let b = occupied.trailingZeroBitCount + 1
        occupied &= ~(1 << UInt64(b - 1))
        let (moving, n, capacity) = buckets.takeOut(b)
        var least = UInt64.max
        for i in 0..<n { least = min(least, EventQueue.radixKey(moving[i].time)) }
        floor = least
        for i in 0..<n {
            let entry = moving[i]
            let target = bucket(of: EventQueue.radixKey(entry.time))
            buckets.append(entry, to: target)
            if target > 0 { occupied |= 1 << UInt64(target - 1) }
        }
        buckets.giveBack(moving, capacity: capacity)
        sortBucketZeroBySequence()
        return true
    }

    /// Entries reach bucket 0 in bucket order; ties must fire in scheduling order.
    @inlinable
    mutating func sortBucketZeroBySequence() {
        let n = buckets.counts[0]
        if n < 2 { return }
        var zero = UnsafeMutableBufferPointer(start: buckets.starts[0], count: n)
        if n <= 32 {
            for i in 1..<n {
                let e = zero[i]
                var j = i
                while j > 0 && zero[j - 1].key > e.key { zero[j] = zero[j - 1]; j -= 1 }
                zero[j] = e
            }
        } else {
            zero.sort { $0.key < $1.key }
        }
    }

    /// Re-buckets everything around a lower floor (a push earlier than the last peeked minimum).
    @usableFromInline
    mutating func rebuild(newFloor: UInt64) {
        var all = Array(UnsafeBufferPointer(start: buckets.starts[0] + head, count: buckets.counts[0] - head))
        for b in 1...64 where buckets.counts[b] > 0 {
            all += UnsafeBufferPointer(start: buckets.starts[b], count: buckets.counts[b])
        }
        for b in 0...64 { buckets.counts[b] = 0 }
        head = 0
        occupied = 0
        floor = newFloor
        // Sequence order within each bucket keeps bucket 0 sorted and redistribution stable.
        all.sort { $0.key < $1.key }
        for entry in all {
            let target = bucket(of: EventQueue.radixKey(entry.time))
            buckets.append(entry, to: target)
            if target > 0 { occupied |= 1 << UInt64(target - 1) }
        }
    }
}
