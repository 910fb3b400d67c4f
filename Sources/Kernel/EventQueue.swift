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

/// One heap entry: the firing time and the packed (sequence, slot) key. Sixteen bytes, so
/// sifting moves little memory; the payload stays put in its slot.
@usableFromInline
struct QueueEntry {
    @usableFromInline var time: Int64
    @usableFromInline var key: UInt64

    @inlinable init(time: Int64, key: UInt64) { self.time = time; self.key = key }

    /// Total order: time first, then scheduling sequence (which the key's high bits hold).
    @inlinable @inline(__always)
    static func precedes(_ a: QueueEntry, _ b: QueueEntry) -> Bool {
        a.time < b.time || (a.time == b.time && a.key < b.key)
    }
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
/// A 4-ary implicit min-heap of 16-byte entries; elements live in a slab of slots that
/// are recycled through a free list, so a steady state of pushes and pops allocates nothing.
/// - `push`: O(log₄ n). `popMin`: O(log₄ n) amortised (cancelled entries are skipped lazily).
/// - `cancel`: O(1); the entry is discarded when it reaches the top.
/// Ties in time are broken by the order of scheduling, never by memory addresses or hashes.
public struct EventQueue<Element> {
    @usableFromInline var heap: [QueueEntry] = []
    /// `slots[s]` holds the payload of the event occupying slot `s` and, beside it (so one
    /// cache line serves both), its key while pending, or 0 once fired, cancelled or free.
    @usableFromInline var slots: [Slot<Element>] = []
    @usableFromInline var freeSlots: [UInt32] = []
    @usableFromInline var nextSequence: UInt64 = 1
    @usableFromInline var cancelledInHeap: Int = 0

    public init() {}

    /// Pending events, not counting cancelled ones.
    @inlinable public var count: Int { heap.count - cancelledInHeap }
    @inlinable public var isEmpty: Bool { count == 0 }

    /// How many events have been scheduled so far (the next event gets this number plus one).
    @inlinable public var scheduledTotal: UInt64 { nextSequence - 1 }

    /// Reserves room for `n` pending events so that a run allocates only at start.
    public mutating func reserveCapacity(_ n: Int) {
        heap.reserveCapacity(n)
        slots.reserveCapacity(n)
        freeSlots.reserveCapacity(n)
    }

    /// Schedules `element` at `time`; returns an id that can cancel it.
    @inlinable
    public mutating func push(_ element: Element, at time: SimTime) -> EventID {
        precondition(nextSequence <= EventQueueLimits.sequenceMax, "event sequence space exhausted")
        let slot: UInt64
        if let free = freeSlots.popLast() {
            slot = UInt64(free)
        } else {
            precondition(slots.count < EventQueueLimits.pendingMax, "more than \(EventQueueLimits.pendingMax) pending events")
            slot = UInt64(slots.count)
            slots.append(Slot(liveKey: 0, element: element))
        }
        let key = nextSequence << EventQueueLimits.slotBits | slot
        nextSequence += 1
        slots[Int(slot)] = Slot(liveKey: key, element: element)
        heap.append(QueueEntry(time: time.nanos, key: key))
        siftUp(from: heap.count - 1)
        return EventID(raw: key)
    }

    /// Cancels a pending event. Returns `false` when the event already fired or was cancelled.
    @inlinable @discardableResult
    public mutating func cancel(_ id: EventID) -> Bool {
        let slot = Int(id.raw & (1 << EventQueueLimits.slotBits - 1))
        guard slot < slots.count, slots[slot].liveKey == id.raw else { return false }
        slots[slot].liveKey = 0
        cancelledInHeap += 1
        return true
    }

    /// Whether `id` names an event that is still pending.
    @inlinable public func isPending(_ id: EventID) -> Bool {
        let slot = Int(id.raw & (1 << EventQueueLimits.slotBits - 1))
        return slot < slots.count && slots[slot].liveKey == id.raw
    }

    /// The time of the earliest pending event, discarding cancelled entries on the way.
    @inlinable
    public mutating func nextTime() -> SimTime? {
        while let top = heap.first {
            let slot = Int(top.key & (1 << EventQueueLimits.slotBits - 1))
            if slots[slot].liveKey == top.key { return SimTime(nanos: top.time) }
            removeTop()
            freeSlots.append(UInt32(slot))
            cancelledInHeap -= 1
        }
        return nil
    }

    /// Removes and returns the earliest pending event.
    @inlinable
    public mutating func popMin() -> (time: SimTime, id: EventID, element: Element)? {
        while let top = heap.first {
            removeTop()
            let slot = Int(top.key & (1 << EventQueueLimits.slotBits - 1))
            freeSlots.append(UInt32(slot))
            if slots[slot].liveKey == top.key {
                slots[slot].liveKey = 0
                return (SimTime(nanos: top.time), EventID(raw: top.key), slots[slot].element)
            }
            cancelledInHeap -= 1
        }
        return nil
    }

    @inlinable
    mutating func removeTop() {
        let last = heap.removeLast()
        if heap.isEmpty { return }
        heap.withUnsafeMutableBufferPointer { h in
            let n = h.count
            var hole = 0
            while true {
                let first = 4 * hole + 1
                if first >= n { break }
                var best = first
                let end = min(first + 4, n)
                var c = first + 1
                while c < end {
                    if QueueEntry.precedes(h[c], h[best]) { best = c }
                    c += 1
                }
                if !QueueEntry.precedes(h[best], last) { break }
                h[hole] = h[best]
                hole = best
            }
            h[hole] = last
        }
    }

    @inlinable
    mutating func siftUp(from index: Int) {
        heap.withUnsafeMutableBufferPointer { h in
            let entry = h[index]
            var hole = index
            while hole > 0 {
                let parent = (hole - 1) >> 2
                if !QueueEntry.precedes(entry, h[parent]) { break }
                h[hole] = h[parent]
                hole = parent
            }
            h[hole] = entry
        }
    }
}
