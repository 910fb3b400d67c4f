import Kernel

/// A data centre or colocation site (Shenzhen, Shanghai, the Beijing DR centre…).
public struct SiteID: Hashable, Comparable, Sendable {
    public var raw: Int32
    @inlinable public init(_ raw: Int32) { self.raw = raw }
    @inlinable public var index: Int { Int(raw) }
    @inlinable public static func < (a: SiteID, b: SiteID) -> Bool { a.raw < b.raw }
}

/// A machine on a site; simulation nodes run on hosts and packets travel between hosts.
public struct HostID: Hashable, Comparable, Sendable {
    public var raw: Int32
    @inlinable public init(_ raw: Int32) { self.raw = raw }
    @inlinable public var index: Int { Int(raw) }
    @inlinable public static func < (a: HostID, b: HostID) -> Bool { a.raw < b.raw }
}

/// A full-duplex link between two hosts; each direction queues on its own.
public struct LinkID: Hashable, Comparable, Sendable {
    public var raw: Int32
    @inlinable public init(_ raw: Int32) { self.raw = raw }
    @inlinable public var index: Int { Int(raw) }
    @inlinable public static func < (a: LinkID, b: LinkID) -> Bool { a.raw < b.raw }
}

/// A declared partition: groups of hosts that cannot reach each other while it is active.
public struct PartitionID: Hashable, Comparable, Sendable {
    public var raw: Int32
    @inlinable public init(_ raw: Int32) { self.raw = raw }
    @inlinable public var index: Int { Int(raw) }
    @inlinable public static func < (a: PartitionID, b: PartitionID) -> Bool { a.raw < b.raw }
}
