import Exchange

/// The cash and positions of the clients whose assets live on one tier instance (SPEC §2.5:
/// exactly one place per client and market), with what is frozen for orders in flight.
///
/// Slots are dense: the instance holding client `c` of a class at a site with `n` instances
/// is `c % n`, and its slot is `c / n` within that class's section.
public struct AssetStore: Sendable {
    /// Per class: where its section starts (`-1` if none), the instance count and residue.
    struct Section: Sendable {
        var base: Int
        var modulus: Int
        var residue: Int
        var width: Int
        var count: Int
        var positionBase: Int
    }
    var sections: [Section]
    /// Free cash, frozen cash and opening cash per slot, in fen.
    public internal(set) var cashFen: [Int64] = []
    public internal(set) var frozenCashFen: [Int64] = []
    public internal(set) var openingCashFen: [Int64] = []
    /// Per slot × watchlist position: free shares, frozen shares, shares at the open.
    public internal(set) var shares: [Int64] = []
    public internal(set) var frozenShares: [Int64] = []
    public internal(set) var openingShares: [Int64] = []
    /// Cash paid out for completed subscriptions, in fen.
    public internal(set) var subscriptionsFen: Int64 = 0

    init() {
        sections = Array(repeating: Section(base: -1, modulus: 1, residue: 0, width: 0, count: 0, positionBase: 0), count: ClientClass.allCases.count)
    }

    /// Adds the section for the clients `c` of `clientClass` with `c % modulus == residue`.
    mutating func addSection(_ clientClass: ClientClass, clients: Int, modulus: Int, residue: Int, width: Int) {
        let count = clients > residue ? (clients - residue + modulus - 1) / modulus : 0
        sections[clientClass.rawValue] = Section(base: cashFen.count, modulus: modulus, residue: residue, width: width, count: count,
                                                  positionBase: shares.count)
        cashFen.append(contentsOf: repeatElement(0, count: count))
        frozenCashFen.append(contentsOf: repeatElement(0, count: count))
        openingCashFen.append(contentsOf: repeatElement(0, count: count))
        shares.append(contentsOf: repeatElement(0, count: count * width))
        frozenShares.append(contentsOf: repeatElement(0, count: count * width))
        openingShares.append(contentsOf: repeatElement(0, count: count * width))
    }

    func holds(_ clientClass: ClientClass) -> Bool { sections[clientClass.rawValue].base >= 0 }

    /// The slot of client `c` of `clientClass`, which must be held here.
    @inline(__always)
    func slot(_ clientClass: ClientClass, _ client: Int32) -> Int {
        let s = sections[clientClass.rawValue]
        precondition(s.base >= 0 && Int(client) % s.modulus == s.residue, "client \(client) of class \(clientClass) is not held here")
        return s.base + Int(client) / s.modulus
    }

    /// The client of a slot, for reports.
    func client(atSlot slot: Int) -> (ClientClass, Int32) {
        for clientClass in ClientClass.allCases {
            let s = sections[clientClass.rawValue]
            if s.base >= 0, slot >= s.base, slot < s.base + s.count {
                return (clientClass, Int32((slot - s.base) * s.modulus + s.residue))
            }
        }
        preconditionFailure("slot \(slot) out of range")
    }

    /// Index of the client's position at watchlist position `watch` (market-major).
    @inline(__always)
    func positionIndex(_ clientClass: ClientClass, _ client: Int32, watch: Int) -> Int {
        let s = sections[clientClass.rawValue]
        return s.positionBase + (Int(client) / s.modulus) * s.width + watch
    }

    mutating func open(slot: Int, cashFen cash: Int64) {
        cashFen[slot] = cash
        openingCashFen[slot] = cash
    }

    mutating func open(position: Int, shares held: Int64) {
        shares[position] = held
        openingShares[position] = held
    }

    // MARK: Risk and settlement

    /// Freezes what `header` needs; the reason if the client cannot afford it. `order` and
    /// `at` stamp the change in the replication journal, when there is one.
    mutating func freeze(_ header: OrderHeader, watch: Int, order: OrderIndex, at: Int64) -> OrderReject? {
        let slot = slot(header.clientClass, header.client)
        if !header.business.tradesOnExchange || header.side == .buy {
            let amount = header.business.tradesOnExchange ? header.freezePriceFen * header.quantity : header.priceFen
            guard cashFen[slot] >= amount else { return .insufficientFunds }
            change(Change(order: order, at: at, slot: Int32(slot), cash: -amount, frozenCash: amount), forward: true)
        } else {
            let p = positionIndex(header.clientClass, header.client, watch: watch)
            guard shares[p] >= header.quantity else { return .insufficientPosition }
            change(Change(order: order, at: at, slot: Int32(slot), position: Int32(p), shares: -header.quantity, frozenShares: header.quantity),
                   forward: true)
        }
        return nil
    }

    /// Applies a settlement for `header`'s order.
    mutating func settle(_ header: OrderHeader, _ settlement: Settlement, watch: Int, order: OrderIndex, at: Int64) {
        let slot = slot(header.clientClass, header.client)
        var c = Change(order: order, at: at, slot: Int32(slot))
        switch settlement {
        case let .fill(quantity, priceFen):
            c.position = Int32(positionIndex(header.clientClass, header.client, watch: watch))
            if header.side == .buy {
                c.frozenCash = -header.freezePriceFen * quantity
                c.cash = (header.freezePriceFen - priceFen) * quantity
                c.shares = quantity
            } else {
                c.frozenShares = -quantity
                c.cash = priceFen * quantity
            }
        case let .release(quantity):
            if !header.business.tradesOnExchange || header.side == .buy {
                let amount = header.business.tradesOnExchange ? header.freezePriceFen * quantity : header.priceFen
                c.frozenCash = -amount
                c.cash = amount
            } else {
                c.position = Int32(positionIndex(header.clientClass, header.client, watch: watch))
                c.frozenShares = -quantity
                c.shares = quantity
            }
        case .subscribe:
            c.frozenCash = -header.priceFen
            c.subscriptions = header.priceFen
        }
        change(c, forward: true)
        precondition(frozenCashFen[slot] >= 0, "negative frozen cash for client \(header.client)")
    }

    // MARK: Replication journal

    /// One change to the store, as the journal replicates it.
    struct Change {
        var order: OrderIndex
        var at: Int64
        var slot: Int32
        var position: Int32 = -1
        var cash: Int64 = 0
        var frozenCash: Int64 = 0
        var shares: Int64 = 0
        var frozenShares: Int64 = 0
        var subscriptions: Int64 = 0
    }

    /// Changes not yet replicated to the DR site (`nil`: no replica), oldest first from
    /// `journalStart`; a change is replicated `journalLagNanos` after it was made.
    var journal: [Change]?
    var journalStart = 0
    var journalLagNanos: Int64 = 0

    private mutating func change(_ c: Change, forward: Bool) {
        let sign: Int64 = forward ? 1 : -1
        let slot = Int(c.slot)
        cashFen[slot] += sign * c.cash
        frozenCashFen[slot] += sign * c.frozenCash
        subscriptionsFen += sign * c.subscriptions
        if c.position >= 0 {
            shares[Int(c.position)] += sign * c.shares
            frozenShares[Int(c.position)] += sign * c.frozenShares
        }
        guard forward, journal != nil else { return }
        // What is older than the lag has reached the replica.
        while journalStart < journal!.count && journal![journalStart].at < c.at - journalLagNanos { journalStart += 1 }
        if journalStart > 1_024 && journalStart * 2 > journal!.count {
            journal!.removeFirst(journalStart)
            journalStart = 0
        }
        journal!.append(c)
    }

    /// Undoes, newest first, every journaled change made after `cutoff` — what the replica never
    /// received — and returns the orders they belonged to, each once, in first-undone order.
    mutating func undoJournal(after cutoff: Int64) -> [OrderIndex] {
        guard var entries = journal else { return [] }
        var orders: [OrderIndex] = []
        while entries.count > journalStart, let last = entries.last, last.at > cutoff {
            entries.removeLast()
            change(last, forward: false)
            if !orders.contains(last.order) { orders.append(last.order) }
        }
        journal = entries
        return orders
    }
}
