/// A named hook in the code (an order entering a tier, a packet leaving a link…) that the
/// recorder can subscribe to. Registered once at build time; firing costs one array read and
/// one branch when nobody listens.
public struct TracePoint: Hashable, Sendable {
    public let index: Int32
    @inlinable init(index: Int32) { self.index = index }
}

/// What a trace point reports: when, where, and two integers whose meaning the point defines
/// (an order id and a quantity, a link id and a byte count…). Fixed size, so firing allocates nothing.
public struct TraceRecord: Equatable, Sendable {
    public var point: TracePoint
    public var time: SimTime
    public var node: NodeID
    public var a: Int64
    public var b: Int64

    @inlinable
    public init(point: TracePoint, time: SimTime, node: NodeID, a: Int64, b: Int64) {
        self.point = point; self.time = time; self.node = node; self.a = a; self.b = b
    }
}

/// The registry of trace points and their listeners for one run.
///
/// Points are numbered in registration order; listeners are called in subscription order.
public struct TraceHub {
    public typealias Listener = (TraceRecord) -> Void

    public private(set) var names: [String] = []
    @usableFromInline var listening: [Bool] = []
    @usableFromInline var listeners: [[Listener]] = []

    public init() {}

    /// The point called `name`, registering it on first use.
    public mutating func register(_ name: String) -> TracePoint {
        if let existing = point(named: name) { return existing }
        names.append(name)
        listening.append(false)
        listeners.append([])
        return TracePoint(index: Int32(names.count - 1))
    }

    /// The point called `name`, if registered.
    public func point(named name: String) -> TracePoint? {
        names.firstIndex(of: name).map { TracePoint(index: Int32($0)) }
    }

    /// The name `point` was registered under.
    public func name(of point: TracePoint) -> String { names[Int(point.index)] }

    /// Adds a listener to `point`.
    public mutating func subscribe(_ point: TracePoint, _ listener: @escaping Listener) {
        listeners[Int(point.index)].append(listener)
        listening[Int(point.index)] = true
    }

    /// Removes every listener from `point`; firing it costs a branch again.
    public mutating func unsubscribeAll(_ point: TracePoint) {
        listeners[Int(point.index)].removeAll()
        listening[Int(point.index)] = false
    }

    /// Whether anyone listens to `point`.
    @inlinable @inline(__always)
    public func isListening(_ point: TracePoint) -> Bool { listening[Int(point.index)] }

    /// Fires `point`, if anyone listens.
    @inlinable @inline(__always)
    public func emit(_ point: TracePoint, time: SimTime, node: NodeID, _ a: Int64 = 0, _ b: Int64 = 0) {
        if listening[Int(point.index)] { deliver(TraceRecord(point: point, time: time, node: node, a: a, b: b)) }
    }

    /// Hands `record` to every listener of its point (the slow path, kept out of line).
    @inline(never)
    public func deliver(_ record: TraceRecord) {
        for listener in listeners[Int(record.point.index)] { listener(record) }
    }
}
