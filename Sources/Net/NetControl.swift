import Kernel

/// A change of network state. Applied at a scheduled instant like any other event, so a
/// fault plan can drive it; `Network.apply` makes it take effect.
public enum NetControl: Equatable, Sendable {
    /// Brings a link up or down. Messages in flight on a link that goes down are lost.
    case setLinkUp(LinkID, Bool)
    /// Sets a link's loss probability (0…1).
    case setLoss(LinkID, Double)
    /// Sets a link's duplication probability (0…1).
    case setDuplication(LinkID, Double)
    /// Adds a constant one-way delay to a link (on top of its physics).
    case setExtraDelay(LinkID, SimDuration)
    /// Replaces a link's jitter distribution (`nil` removes it).
    case setJitter(LinkID, Distribution?)
    /// Holds back a share of a link's messages by a delay, so that later ones overtake them.
    case setReorder(LinkID, Double, SimDuration)
    /// Activates a declared partition; messages between its groups are dropped, also those in flight.
    case partition(PartitionID)
    /// Deactivates a declared partition.
    case heal(PartitionID)
}

/// What the network reports when a control or a declaration is refused.
public enum NetError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownSite(String)
    case duplicateName(kind: String, name: String)
    case missingSiteDistance(from: String, to: String)
    case linkExists(between: String, and: String)
    case invalidParameter(link: String, field: String, detail: String)
    case invalidPartition(name: String, detail: String)
    case unknownLink(LinkID)
    case unknownPartition(PartitionID)

    public var description: String {
        switch self {
        case let .unknownSite(name): return "unknown site \"\(name)\""
        case let .duplicateName(kind, name): return "\(kind) \"\(name)\" is declared twice"
        case let .missingSiteDistance(a, b): return "no distance set between sites \"\(a)\" and \"\(b)\""
        case let .linkExists(a, b): return "hosts \"\(a)\" and \"\(b)\" are already linked"
        case let .invalidParameter(link, field, detail): return "link \"\(link)\": \(field) \(detail)"
        case let .invalidPartition(name, detail): return "partition \"\(name)\": \(detail)"
        case let .unknownLink(id): return "no link #\(id.raw)"
        case let .unknownPartition(id): return "no partition #\(id.raw)"
        }
    }
}
