import Kernel

/// Sites, hosts, links and partitions, and the physics of moving a message between hosts.
///
/// Everything is indexed by dense integer ids; the per-message path (`transmit`, `admit`)
/// does array reads, integer arithmetic and at most three random draws, and allocates nothing.
/// Each link draws its loss, duplication and jitter from its own stream, named
/// `"net/link/<name>"`, so adding a link changes no other link's numbers.
public struct Network {
    public struct Site: Sendable { public let name: String }
    public struct Host: Sendable { public let name: String; public let site: SiteID }

    /// A link's configuration and its moving state.
    public struct Link {
        public let name: String
        public let a: HostID
        public let b: HostID
        public internal(set) var spec: LinkSpec
        /// Propagation + switching, in picoseconds, before any extra delay.
        var basePicos: Int64
        var extraDelayPicos: Int64 = 0
        /// Share of messages held back by `reorderDelayPicos` on the wire, so later ones overtake
        /// them (the receiving session puts them back in order: the later ones wait).
        var reorderProbability = 0.0
        var reorderDelayPicos: Int64 = 0
        /// Per direction (0: a→b, 1: b→a): when the line finishes sending what it already has.
        var busyUntilPicos: (Int64, Int64) = (0, 0)
        /// Per direction: the latest arrival scheduled, so that nothing overtakes it.
        var lastArrivalNanos: (Int64, Int64) = (0, 0)
        /// Incremented each time the link goes down.
        public internal(set) var downEpoch: UInt32 = 0
        var random: Xoshiro256StarStar
        public internal(set) var stats = LinkStats()

        /// Propagation plus switching delay, including any extra delay, in picoseconds.
        public var fixedDelayPicos: Int64 { basePicos + extraDelayPicos }
        /// The constant delay a fault adds (`setExtraDelay`).
        public var extraDelay: SimDuration { SimDuration(nanos: extraDelayPicos / 1_000) }
        /// The share of messages held back, and for how long (`setReorder`).
        public var reorder: (probability: Double, delay: SimDuration) { (reorderProbability, SimDuration(nanos: reorderDelayPicos / 1_000)) }
    }

    /// A declared partition and the history needed to judge messages in flight.
    public struct Partition: Sendable {
        public let name: String
        /// `groupOfHost[h]`: the group index of host `h`, or −1 if the partition leaves it alone.
        let groupOfHost: [Int32]
        public internal(set) var active = false
        /// When it was last healed; a message sent before this instant crossed an active partition.
        public internal(set) var lastHealedAt = SimTime(nanos: .min)

        /// Whether the partition puts `a` and `b` in different groups.
        public func separates(_ a: HostID, _ b: HostID) -> Bool {
            let ga = groupOfHost[a.index], gb = groupOfHost[b.index]
            return ga >= 0 && gb >= 0 && ga != gb
        }
    }

    /// The largest jitter one message can draw (an hour), so a heavy-tailed distribution cannot
    /// overflow the picosecond arithmetic.
    public static let jitterNanosMax: Int64 = 3_600_000_000_000

    public let streams: RandomStreams
    public private(set) var sites: [Site] = []
    public private(set) var hosts: [Host] = []
    public internal(set) var links: [Link] = []
    public internal(set) var partitions: [Partition] = []
    /// Site-pair distances in km, `siteCount × siteCount`, `NaN` where unset.
    private var distanceKm: [Double] = []
    /// Per host, `(peer, link)` sorted by peer: the route table.
    var adjacency: [[(peer: HostID, link: LinkID)]] = []
    /// `routeMatrix[a * hosts.count + b]`: the link joining `a` and `b`, or −1 — one read per
    /// message instead of a scan of a host's peers.
    var routeMatrix: [Int32] = []
    /// Whether any partition has ever been activated (skips the partition checks until then).
    var partitionsUsed = false
    /// Messages whose hosts had no link between them.
    public internal(set) var droppedNoRoute: UInt64 = 0

    /// An empty network whose links draw from streams derived from `seed`.
    public init(seed: UInt64) {
        self.streams = RandomStreams(seed: seed)
    }

    // MARK: Building

    /// Adds a site; names must be unique.
    public mutating func addSite(_ name: String) throws(NetError) -> SiteID {
        if sites.contains(where: { $0.name == name }) { throw .duplicateName(kind: "site", name: name) }
        let old = sites.count
        sites.append(Site(name: name))
        // Grow the distance matrix, keeping what was set; a site is 0 km from itself.
        var grown = [Double](repeating: .nan, count: sites.count * sites.count)
        for i in 0..<old { for j in 0..<old { grown[i * sites.count + j] = distanceKm[i * old + j] } }
        grown[old * sites.count + old] = 0
        distanceKm = grown
        return SiteID(Int32(old))
    }

    /// Sets the path distance between two sites (both directions).
    public mutating func setDistance(_ a: SiteID, _ b: SiteID, km: Double) throws(NetError) {
        guard km.isFinite, km >= 0 else {
            throw .invalidParameter(link: "\(sites[a.index].name)–\(sites[b.index].name)", field: "distance", detail: "must be zero or more km, got \(km)")
        }
        distanceKm[a.index * sites.count + b.index] = km
        distanceKm[b.index * sites.count + a.index] = km
    }

    /// The distance set between two sites, if any.
    public func distance(_ a: SiteID, _ b: SiteID) -> Double? {
        let d = distanceKm[a.index * sites.count + b.index]
        return d.isNaN ? nil : d
    }

    /// Adds a host on `site`; names must be unique.
    public mutating func addHost(_ name: String, site: SiteID) throws(NetError) -> HostID {
        if hosts.contains(where: { $0.name == name }) { throw .duplicateName(kind: "host", name: name) }
        hosts.append(Host(name: name, site: site))
        adjacency.append([])
        let n = hosts.count
        var grown = [Int32](repeating: -1, count: n * n)
        for a in 0..<(n - 1) { for b in 0..<(n - 1) { grown[a * n + b] = routeMatrix[a * (n - 1) + b] } }
        routeMatrix = grown
        return HostID(Int32(hosts.count - 1))
    }

    /// Joins two distinct hosts with a link; at most one link per pair.
    public mutating func addLink(_ name: String, between a: HostID, and b: HostID, spec: LinkSpec) throws(NetError) -> LinkID {
        if links.contains(where: { $0.name == name }) { throw .duplicateName(kind: "link", name: name) }
        if a == b { throw .invalidParameter(link: name, field: "hosts", detail: "must be two different hosts") }
        if route(from: a, to: b) != nil { throw .linkExists(between: hosts[a.index].name, and: hosts[b.index].name) }
        try Network.validate(spec, link: name)
        let propagationPicos: Int64
        switch spec.propagation {
        case let .distance(km):
            guard km.isFinite, km >= 0 else { throw .invalidParameter(link: name, field: "distance", detail: "must be zero or more km, got \(km)") }
            propagationPicos = Int64((km * spec.nanosPerKm * 1_000).rounded())
        case .siteDistance:
            let sa = hosts[a.index].site, sb = hosts[b.index].site
            guard let km = distance(sa, sb) else {
                throw .missingSiteDistance(from: sites[sa.index].name, to: sites[sb.index].name)
            }
            propagationPicos = Int64((km * spec.nanosPerKm * 1_000).rounded())
        case let .explicit(d):
            guard d.nanos >= 0 else { throw .invalidParameter(link: name, field: "propagation", detail: "must not be negative, got \(d)") }
            propagationPicos = d.nanos * 1_000
        }
        let id = LinkID(Int32(links.count))
        var link = Link(
            name: name, a: a, b: b, spec: spec,
            basePicos: propagationPicos + Int64(spec.hops) * spec.switchingDelay.nanos * 1_000,
            random: streams.stream("net/link/" + name)
        )
        if !spec.up { link.downEpoch = 1 }
        links.append(link)
        insertRoute(from: a, to: b, link: id)
        insertRoute(from: b, to: a, link: id)
        return id
    }

    private mutating func insertRoute(from a: HostID, to b: HostID, link: LinkID) {
        let at = adjacency[a.index].firstIndex { $0.peer > b } ?? adjacency[a.index].count
        adjacency[a.index].insert((b, link), at: at)
        routeMatrix[a.index * hosts.count + b.index] = link.raw
    }

    static func validate(_ spec: LinkSpec, link name: String) throws(NetError) {
        func probability(_ p: Double, _ field: String) throws(NetError) {
            guard p >= 0, p <= 1 else { throw .invalidParameter(link: name, field: field, detail: "must be a probability in 0…1, got \(p)") }
        }
        try probability(spec.lossProbability, "loss")
        try probability(spec.duplicationProbability, "duplication")
        guard spec.bandwidthBitsPerSecond >= 0 else { throw .invalidParameter(link: name, field: "bandwidth", detail: "must not be negative") }
        guard spec.hops >= 0 else { throw .invalidParameter(link: name, field: "hops", detail: "must not be negative") }
        guard spec.switchingDelay.nanos >= 0 else { throw .invalidParameter(link: name, field: "switching delay", detail: "must not be negative") }
        guard spec.nanosPerKm.isFinite, spec.nanosPerKm > 0 else { throw .invalidParameter(link: name, field: "nanos per km", detail: "must be positive") }
        if let jitter = spec.jitter {
            do { try jitter.validate() } catch { throw .invalidParameter(link: name, field: "jitter", detail: error.description) }
        }
    }

    /// Declares a partition: hosts in different `groups` cannot reach each other while it is
    /// active; hosts in no group are unaffected. Activate it with `NetControl.partition`.
    public mutating func declarePartition(_ name: String, groups: [[HostID]]) throws(NetError) -> PartitionID {
        if partitions.contains(where: { $0.name == name }) { throw .duplicateName(kind: "partition", name: name) }
        guard groups.count >= 2 else { throw .invalidPartition(name: name, detail: "needs at least two groups") }
        var groupOf = [Int32](repeating: -1, count: hosts.count)
        for (g, members) in groups.enumerated() {
            if members.isEmpty { throw .invalidPartition(name: name, detail: "group \(g + 1) is empty") }
            for h in members {
                guard h.raw >= 0, h.index < hosts.count else { throw .invalidPartition(name: name, detail: "unknown host #\(h.raw)") }
                if groupOf[h.index] >= 0 { throw .invalidPartition(name: name, detail: "host \"\(hosts[h.index].name)\" is in two groups") }
                groupOf[h.index] = Int32(g)
            }
        }
        partitions.append(Partition(name: name, groupOfHost: groupOf))
        return PartitionID(Int32(partitions.count - 1))
    }

    // MARK: Lookups

    /// The link joining `a` and `b`, if any.
    
    public func route(from a: HostID, to b: HostID) -> LinkID? {
        let link = routeMatrix[a.index * hosts.count + b.index]
        return link >= 0 ? LinkID(link) : nil
    }

    /// The host called `name`.
    public func host(named name: String) -> HostID? { hosts.firstIndex { $0.name == name }.map { HostID(Int32($0)) } }
    /// The link called `name`.
    public func link(named name: String) -> LinkID? { links.firstIndex { $0.name == name }.map { LinkID(Int32($0)) } }
    /// The site called `name`.
    public func site(named name: String) -> SiteID? { sites.firstIndex { $0.name == name }.map { SiteID(Int32($0)) } }

    /// Whether `a` can send to `b` right now: same host, or a link that is up and no active partition between them.
    public func reachable(_ a: HostID, _ b: HostID) -> Bool {
        if a == b { return true }
        guard let l = route(from: a, to: b), links[l.index].spec.up else { return false }
        return !partitioned(a, b)
    }
    
    func partitioned(_ a: HostID, _ b: HostID) -> Bool {
        if !partitionsUsed { return false }
        for p in partitions where p.active && p.separates(a, b) { return true }
        return false
    }

    // MARK: Moving messages

    /// Sends `bytes` from `from` to `to` at `now` and says when the copies arrive.
    ///
    /// Updates the link's queue even for a message that will be lost (it was still put on the
    /// wire). Draw order on the link's stream is fixed: loss, duplication, then jitter per copy.
    
    public mutating func transmit(from: HostID, to: HostID, bytes: Int, at now: SimTime) -> Transmission {
        precondition(bytes >= 0 && bytes <= 1 << 30, "message size \(bytes) B out of range")
        if from == to {
            let ticket = FlightTicket(link: LinkID(-1), linkDownEpoch: 0, sentAt: now, from: from, to: to)
            return Transmission(arrival: now, duplicateArrival: nil, dropped: nil, ticket: ticket)
        }
        guard let id = route(from: from, to: to) else {
            droppedNoRoute += 1
            let ticket = FlightTicket(link: LinkID(-1), linkDownEpoch: 0, sentAt: now, from: from, to: to)
            return Transmission(arrival: nil, duplicateArrival: nil, dropped: .noRoute, ticket: ticket)
        }
        let partitionedNow = partitioned(from, to)
        return links.withUnsafeMutableBufferPointer { buffer in
            Network.transmit(on: &buffer[id.index], id: id, from: from, to: to, bytes: bytes, at: now, partitioned: partitionedNow)
        }
    }
    
    static func transmit(
        on link: inout Link, id: LinkID, from: HostID, to: HostID, bytes: Int, at now: SimTime, partitioned: Bool
    ) -> Transmission {
        let ticket = FlightTicket(link: id, linkDownEpoch: link.downEpoch, sentAt: now, from: from, to: to)
        var result = Transmission(arrival: nil, duplicateArrival: nil, dropped: nil, ticket: ticket)
        link.stats.sent += 1
        if !link.spec.up {
            link.stats.droppedLinkDown += 1
            result.dropped = .linkDown
            return result
        }
        if partitioned {
            link.stats.droppedPartitioned += 1
            result.dropped = .partitioned
            return result
        }
        link.stats.bytesSent += UInt64(bytes)
        let forward = from == link.a
        let serialization = link.spec.serializationPicos(bytes: bytes)
        let nowPicos = now.nanos * 1_000
        let busy = forward ? link.busyUntilPicos.0 : link.busyUntilPicos.1
        let finish = max(nowPicos, busy) + serialization
        let lost = link.spec.lossProbability > 0 && link.random.chance(link.spec.lossProbability)
        let duplicated = link.spec.duplicationProbability > 0 && link.random.chance(link.spec.duplicationProbability)
        let dupFinish = duplicated ? finish + serialization : finish
        if forward { link.busyUntilPicos.0 = dupFinish } else { link.busyUntilPicos.1 = dupFinish }
        if lost {
            link.stats.lost += 1
            result.dropped = .lost
            return result
        }
        var last = forward ? link.lastArrivalNanos.0 : link.lastArrivalNanos.1
        let fixed = link.basePicos + link.extraDelayPicos
        let reorder = link.reorderProbability > 0 && link.random.chance(link.reorderProbability)
        if reorder { link.stats.reordered += 1 }
        let held = reorder ? link.reorderDelayPicos : 0
        func arrival(finishing: Int64, random: inout Xoshiro256StarStar) -> Int64 {
            var picos = finishing + fixed + held
            if let jitter = link.spec.jitter { picos += min(jitter.sampleNanos(using: &random), Network.jitterNanosMax) * 1_000 }
            let nanos = (picos + 999) / 1_000 // a message is there once its last bit is
            last = max(last, nanos)
            return last
        }
        result.arrival = SimTime(nanos: arrival(finishing: finish, random: &link.random))
        if duplicated {
            link.stats.duplicated += 1
            result.duplicateArrival = SimTime(nanos: arrival(finishing: dupFinish, random: &link.random))
        }
        if forward { link.lastArrivalNanos.0 = last } else { link.lastArrivalNanos.1 = last }
        return result
    }

    /// Judges a copy arriving at `now`: `false` when its link went down, or a partition
    /// separated its hosts, at any moment while it was in flight (the copy is then lost).
    
    public mutating func admit(_ ticket: FlightTicket, at now: SimTime) -> Bool {
        if ticket.link.raw < 0 { return true } // same host
        let l = ticket.link.index
        var cut = !links[l].spec.up || links[l].downEpoch != ticket.linkDownEpoch
        if !cut && partitionsUsed {
            for p in partitions where p.separates(ticket.from, ticket.to) {
                if p.active || p.lastHealedAt > ticket.sentAt { cut = true; break }
            }
        }
        if cut {
            links[l].stats.cutInFlight += 1
            return false
        }
        links[l].stats.arrived += 1
        return true
    }

    // MARK: State changes

    /// Makes a state change take effect at `now`.
    public mutating func apply(_ control: NetControl, at now: SimTime) throws(NetError) {
        switch control {
        case let .setLinkUp(id, up):
            try checkLink(id)
            if links[id.index].spec.up && !up { links[id.index].downEpoch &+= 1 }
            links[id.index].spec.up = up
        case let .setLoss(id, p):
            try checkLink(id)
            guard p >= 0, p <= 1 else { throw .invalidParameter(link: links[id.index].name, field: "loss", detail: "must be a probability in 0…1, got \(p)") }
            links[id.index].spec.lossProbability = p
        case let .setDuplication(id, p):
            try checkLink(id)
            guard p >= 0, p <= 1 else { throw .invalidParameter(link: links[id.index].name, field: "duplication", detail: "must be a probability in 0…1, got \(p)") }
            links[id.index].spec.duplicationProbability = p
        case let .setExtraDelay(id, d):
            try checkLink(id)
            guard d.nanos >= 0 else { throw .invalidParameter(link: links[id.index].name, field: "extra delay", detail: "must not be negative, got \(d)") }
            links[id.index].extraDelayPicos = d.nanos * 1_000
        case let .setJitter(id, jitter):
            try checkLink(id)
            if let jitter {
                do { try jitter.validate() } catch { throw .invalidParameter(link: links[id.index].name, field: "jitter", detail: error.description) }
            }
            links[id.index].spec.jitter = jitter
        case let .setReorder(id, p, delay):
            try checkLink(id)
            guard p >= 0, p <= 1, delay.nanos >= 0 else {
                throw .invalidParameter(link: links[id.index].name, field: "reorder", detail: "needs a probability in 0…1 and a delay ≥ 0")
            }
            links[id.index].reorderProbability = p
            links[id.index].reorderDelayPicos = delay.nanos * 1_000
        case let .partition(id):
            try checkPartition(id)
            partitions[id.index].active = true
            partitionsUsed = true
        case let .heal(id):
            try checkPartition(id)
            if partitions[id.index].active {
                partitions[id.index].active = false
                partitions[id.index].lastHealedAt = now
            }
        }
    }

    private func checkLink(_ id: LinkID) throws(NetError) {
        guard id.raw >= 0, id.index < links.count else { throw .unknownLink(id) }
    }

    private func checkPartition(_ id: PartitionID) throws(NetError) {
        guard id.raw >= 0, id.index < partitions.count else { throw .unknownPartition(id) }
    }
}
