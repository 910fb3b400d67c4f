/// The event queue's 65 radix buckets (plus a spare) in memory they manage themselves.
///
/// A bucket is a run of `QueueEntry` values with a count and a capacity; appending is a store
/// and an increment, emptying sets the count to 0, and a full bucket doubles. Nothing here
/// goes through `Array`'s uniqueness checks or generic resizing, which on the simulator's
/// hottest path cost more than the moves themselves. The queue that owns an instance copies
/// it before mutating if it is shared (`copy()`), so `EventQueue` keeps value semantics.
@usableFromInline
final class RadixBuckets {
    @usableFromInline static let count = 65
    /// Bucket `b`'s entries start at `starts[b]`; `counts[b]` of `capacities[b]` are in use.
    @usableFromInline let starts: UnsafeMutablePointer<UnsafeMutablePointer<QueueEntry>>
    @usableFromInline let counts: UnsafeMutablePointer<Int>
    @usableFromInline let capacities: UnsafeMutablePointer<Int>
    /// Storage swapped with a bucket being emptied, so redistribution allocates nothing.
    @usableFromInline var spare: UnsafeMutablePointer<QueueEntry>
    @usableFromInline var spareCapacity: Int

    @usableFromInline static let initialCapacity = 16

    @usableFromInline
    init() {
        let n = RadixBuckets.count
        starts = .allocate(capacity: n)
        counts = .allocate(capacity: n)
        capacities = .allocate(capacity: n)
        for b in 0..<n {
            starts.advanced(by: b).initialize(to: .allocate(capacity: RadixBuckets.initialCapacity))
            counts.advanced(by: b).initialize(to: 0)
            capacities.advanced(by: b).initialize(to: RadixBuckets.initialCapacity)
        }
        spare = .allocate(capacity: RadixBuckets.initialCapacity)
        spareCapacity = RadixBuckets.initialCapacity
    }

    deinit {
        for b in 0..<RadixBuckets.count { starts[b].deallocate() }
        starts.deallocate()
        counts.deallocate()
        capacities.deallocate()
        spare.deallocate()
    }

    /// An independent copy of every bucket's entries.
    @usableFromInline
    func copy() -> RadixBuckets {
        let other = RadixBuckets()
        for b in 0..<RadixBuckets.count {
            other.reserve(counts[b], in: b)
            other.starts[b].update(from: starts[b], count: counts[b])
            other.counts[b] = counts[b]
        }
        return other
    }

    /// Appends `entry` to bucket `b`.
    @inlinable @inline(__always)
    func append(_ entry: QueueEntry, to b: Int) {
        let n = counts[b]
        if n == capacities[b] { grow(b) }
        starts[b][n] = entry
        counts[b] = n + 1
    }

    /// Makes room for at least `n` entries in bucket `b`.
    @usableFromInline
    func reserve(_ n: Int, in b: Int) {
        while capacities[b] < n { grow(b) }
    }

    @usableFromInline
    func grow(_ b: Int) {
        let capacity = capacities[b] * 2
        let bigger = UnsafeMutablePointer<QueueEntry>.allocate(capacity: capacity)
        bigger.moveInitialize(from: starts[b], count: counts[b])
        starts[b].deallocate()
        starts[b] = bigger
        capacities[b] = capacity
    }

    /// Takes bucket `b`'s entries out: the spare storage becomes bucket `b` (empty), and the
    /// returned run, `count` long, stays valid until `giveBack` makes it the spare again.
    @inlinable @inline(__always)
    func takeOut(_ b: Int) -> (entries: UnsafeMutablePointer<QueueEntry>, count: Int, capacity: Int) {
        let taken = (starts[b], counts[b], capacities[b])
        starts[b] = spare
        capacities[b] = spareCapacity
        counts[b] = 0
        return taken
    }

    @inlinable @inline(__always)
    func giveBack(_ entries: UnsafeMutablePointer<QueueEntry>, capacity: Int) {
        spare = entries
        spareCapacity = capacity
    }
}
