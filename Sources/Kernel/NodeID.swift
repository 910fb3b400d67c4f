/// A dense integer identifying a simulation node (a client population, a gateway, a matcher…).
///
/// Ids index arrays directly; they carry no meaning beyond their order of creation.
public struct NodeID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var raw: Int32

    @inlinable public init(_ raw: Int32) { self.raw = raw }
    @inlinable public init(_ index: Int) { self.raw = Int32(index) }

    /// The array index this id stands for.
    @inlinable public var index: Int { Int(raw) }

    /// The target of events addressed to the world itself rather than to one node,
    /// such as a scheduled network state change.
    public static let world = NodeID(Int32(-1))

    @inlinable public static func < (a: NodeID, b: NodeID) -> Bool { a.raw < b.raw }
    public var description: String { self == .world ? "world" : "node#\(raw)" }
}
