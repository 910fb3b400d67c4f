import Kernel

/// Why a message did not arrive.
public enum DropReason: UInt8, Sendable, CaseIterable {
    /// No link joins the two hosts.
    case noRoute
    /// The link was down when the message was sent.
    case linkDown
    /// An active partition separated the hosts when the message was sent.
    case partitioned
    /// Lost in transit by the link's loss probability.
    case lost
    /// The link went down, or a partition separated the hosts, while the message was in flight.
    case cutInFlight
}

/// What the network carries with a message so that its arrival can be checked against
/// whatever happened to the path while it was in flight.
public struct FlightTicket: Equatable, Sendable {
    public var link: LinkID
    /// The link's down-count when the message left; a different count at arrival means it went down.
    public var linkDownEpoch: UInt32
    public var sentAt: SimTime
    public var from: HostID
    public var to: HostID

    @inlinable
    public init(link: LinkID, linkDownEpoch: UInt32, sentAt: SimTime, from: HostID, to: HostID) {
        self.link = link; self.linkDownEpoch = linkDownEpoch; self.sentAt = sentAt; self.from = from; self.to = to
    }
}

/// The network's verdict on one send: when the copies arrive, or why none will.
public struct Transmission: Equatable, Sendable {
    /// Arrival of the message, or `nil` when it was dropped at once.
    public var arrival: SimTime?
    /// Arrival of a duplicate copy, when the link duplicated the message.
    public var duplicateArrival: SimTime?
    /// Set when the message was dropped at send time.
    public var dropped: DropReason?
    /// Present the arrival with this to `Network.admit` so that cuts during flight are honoured.
    public var ticket: FlightTicket

    /// How many copies are on their way (0, 1 or 2).
    @inlinable public var copies: Int { (arrival == nil ? 0 : 1) + (duplicateArrival == nil ? 0 : 1) }
}

/// Counters per link, for reports and invariants.
public struct LinkStats: Equatable, Sendable {
    public var sent: UInt64 = 0
    public var arrived: UInt64 = 0
    public var duplicated: UInt64 = 0
    public var lost: UInt64 = 0
    public var droppedLinkDown: UInt64 = 0
    public var droppedPartitioned: UInt64 = 0
    public var cutInFlight: UInt64 = 0
    /// Messages held back on the wire so that later ones overtook them.
    public var reordered: UInt64 = 0
    public var bytesSent: UInt64 = 0

    public init() {}
}
