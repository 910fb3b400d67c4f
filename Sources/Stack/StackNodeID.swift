import Kernel

/// A node of the stack: its index in `Topology.nodes`, in two bytes (order headers and messages
/// carry several). A node that may be missing — a route stage not chosen yet, a site without a
/// dispatch centre — is a `StackNodeID?`, never a sentinel.
public struct StackNodeID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let raw: Int16
    @inlinable public init(raw: Int16) {
        precondition(raw >= 0, "a node id is not negative")
        self.raw = raw
    }
    @inlinable public init(_ index: Int) { self.init(raw: Int16(index)) }
    /// The node as the simulation's event target.
    @inlinable public var target: NodeID { NodeID(Int32(raw)) }
    @inlinable public static func < (a: StackNodeID, b: StackNodeID) -> Bool { a.raw < b.raw }
    public var description: String { "\(raw)" }
}

extension Int {
    /// `node`'s index in per-node arrays.
    @inlinable public init(_ node: StackNodeID) { self = Int(node.raw) }
}

/// A node on an order's or a query's route, or none yet, in a node id's two bytes: a
/// `StackNodeID?` would take a third (and an order header holds four of them).
public struct RouteStop: Equatable, Sendable {
    @usableFromInline var raw: Int16 = -1
    @inlinable public init(_ node: StackNodeID? = nil) { raw = node?.raw ?? -1 }
    @inlinable public var node: StackNodeID? {
        get { raw < 0 ? nil : StackNodeID(raw: raw) }
        set { raw = newValue?.raw ?? -1 }
    }
}
