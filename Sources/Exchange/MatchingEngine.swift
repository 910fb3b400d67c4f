/// One exchange's matching engine: every listed symbol's book, the session clock, and the
/// day's order ids.
///
/// Feed it instructions in time order with ``submit(_:)``; call ``advance(to:)`` to let the
/// session boundaries pass when no instruction arrives (``finishDay()`` runs the day to its
/// close). What happens is appended to ``events`` in order; the caller drains them with
/// ``removeAllEvents()``.
///
/// Rules it follows (SPEC §3; every choice is listed in `Sources/Exchange/RULES.md`):
/// - Sessions per ``TradingSchedule``: opening call 09:15–09:25 (cancels refused from 09:20),
///   uncross at 09:25; instructions received 09:25–09:30 are checked on receipt and
///   processed at 09:30:00 in arrival order; continuous 09:30–11:30 and 13:00–14:57;
///   closing call 14:57–15:00 without cancels, uncross at 15:00 with the orders left from
///   continuous trading; whatever still rests then expires.
/// - Continuous matching by price, then time; a trade executes at the resting order's
///   price; a partly filled order keeps its place.
/// - Call auctions per ``CallAuction``; at the uncross the buys are walked best price first
///   (earliest first within a price) and the sells likewise, each pair one trade at the
///   auction price. When several symbols uncross at once they go in ascending code order.
/// - Buys must be whole lots; a sell may carry an odd lot (the rules let a holder sell an
///   odd remainder, and the engine cannot see holdings).
/// - A rejected order does not take its id: the id may be used again.
///
/// Nothing an instruction contains can crash the engine or corrupt a book: every check
/// failure is a ``Rejection`` with a ``RejectReason``.
///
/// The hot stored properties opt out of the runtime's dynamic exclusivity checks (about a
/// tenth of the time per order): the engine is single-threaded, and its methods never hold
/// two overlapping accesses to one of them — the one borrow they take, a book side passed
/// `inout`, never touches the others.
///
/// Cost: an instruction is O(1) expected plus O(trades) plus O(log levels) to find its
/// level, and at most one chunk's worth of moved levels to insert or remove one (see
/// ``BookSide``); resting orders live in a slab that grows only with the largest book.
public final class MatchingEngine {
    public let rules: ExchangeRules
    public let schedule: TradingSchedule

    /// Everything that happened since the last ``removeAllEvents()``, in order.
    @exclusivity(unchecked) public internal(set) var events: [ExchangeEvent] = []
    /// The latest time the engine has processed.
    public internal(set) var clockNanos: Int64 = .min
    /// Trades executed today.
    public internal(set) var tradeCount: UInt64 = 0
    /// Levels per chunk of the book sides listed from now on (tests shrink it to make books
    /// of a few levels split and merge chunks).
    var bookChunkCapacity = 512

    struct SymbolBook {
        var spec: SymbolSpec
        var bandFen: ClosedRange<Int64>
        var bids = BookSide(side: .buy)
        var asks = BookSide(side: .sell)
        /// Price of the symbol's latest trade today; 0 before the first.
        var lastTradeFen: Int64 = 0
    }

    @exclusivity(unchecked) var books: [SymbolBook] = []
    /// Symbol indices in ascending code order once sorted: the order simultaneous uncrosses
    /// run in. Listing appends and marks it unsorted when the new code sorts before the last;
    /// ``symbolsInCodeOrder()`` sorts it once, when a session boundary needs it, so listing
    /// n symbols in any order costs O(n log n), not O(n²).
    private var symbolsByCode: [Int32] = []
    private var symbolsByCodeSorted = true
    private var indexByCode: [String: Int32] = [:]
    @exclusivity(unchecked) var store: OrderStore
    @exclusivity(unchecked) var ids: OrderIDTable
    /// Instructions received 09:25–09:30, in arrival order.
    @exclusivity(unchecked) var held: [OrderRequest] = []
    /// Index of the next boundary in `schedule` still to pass.
    var nextBoundary = 0

    /// Highest limit price accepted for a symbol without a band, in fen (CNY 10 billion).
    public static let unbandedPriceFenMax: Int64 = 1_000_000_000_000

    /// `denseOrderIDs`: id ranges the caller numbers counting up (each member's own sequence);
    /// the engine keeps those ids in plain arrays rather than its hash table. They change only
    /// memory and speed: any id, in a range or not, is accepted and answered alike.
    public init(rules: ExchangeRules, schedule: TradingSchedule = .mainBoard, expectedOrders: Int = 1 << 16,
                denseOrderIDs: [Range<UInt64>] = []) {
        self.rules = rules
        self.schedule = schedule
        store = OrderStore(capacityHint: min(expectedOrders, 1 << 20))
        ids = OrderIDTable(capacityHint: expectedOrders, denseWindows: denseOrderIDs)
        events.reserveCapacity(1024)
    }

    /// An engine in the same state as this one that goes on independently (a run branched
    /// from a snapshot). Its books share storage with this engine's until either changes them.
    public func copy() -> MatchingEngine {
        MatchingEngine(copying: self)
    }

    private init(copying e: MatchingEngine) {
        rules = e.rules
        schedule = e.schedule
        events = e.events
        clockNanos = e.clockNanos
        tradeCount = e.tradeCount
        bookChunkCapacity = e.bookChunkCapacity
        books = e.books
        symbolsByCode = e.symbolsByCode
        symbolsByCodeSorted = e.symbolsByCodeSorted
        indexByCode = e.indexByCode
        store = e.store
        ids = e.ids
        held = e.held
        nextBoundary = e.nextBoundary
    }

    // MARK: Listing

    /// Why a symbol could not be listed.
    public struct ListingError: Error, Sendable, Equatable, CustomStringConvertible {
        public var code: String
        public var problem: String
        public var description: String { "symbol \(code): \(problem)" }
    }

    /// Lists a symbol and returns its dense index.
    @discardableResult
    public func list(_ spec: SymbolSpec) throws(ListingError) -> Int32 {
        if let problem = spec.problem { throw ListingError(code: spec.code, problem: problem) }
        if indexByCode[spec.code] != nil { throw ListingError(code: spec.code, problem: "already listed") }
        let index = Int32(books.count)
        let band = spec.bandFen ?? spec.tickFen...(Self.unbandedPriceFenMax / spec.tickFen * spec.tickFen)
        books.append(SymbolBook(spec: spec, bandFen: band, bids: BookSide(side: .buy, chunkCapacity: bookChunkCapacity),
                                asks: BookSide(side: .sell, chunkCapacity: bookChunkCapacity)))
        indexByCode[spec.code] = index
        if let last = symbolsByCode.last, books[Int(last)].spec.code > spec.code { symbolsByCodeSorted = false }
        symbolsByCode.append(index)
        return index
    }

    /// Symbol indices in ascending code order.
    func symbolsInCodeOrder() -> [Int32] {
        if !symbolsByCodeSorted {
            symbolsByCode.sort { books[Int($0)].spec.code < books[Int($1)].spec.code }   // codes are unique
            symbolsByCodeSorted = true
        }
        return symbolsByCode
    }

    /// The index of a listed symbol.
    public func symbol(code: String) -> Int32? { indexByCode[code] }
    public func spec(of symbol: Int32) -> SymbolSpec { books[Int(symbol)].spec }
    public var symbolCount: Int { books.count }

    // MARK: Queries

    /// The session phase at the engine's clock.
    public var phase: SessionPhase { SessionPhase(rawValue: nextBoundary)! }
    public func bestBidFen(_ symbol: Int32) -> Int64? { books[Int(symbol)].bids.bestPriceFen }
    public func bestAskFen(_ symbol: Int32) -> Int64? { books[Int(symbol)].asks.bestPriceFen }
    /// Price of the symbol's latest trade today, nil before the first.
    public func lastTradeFen(_ symbol: Int32) -> Int64? {
        let last = books[Int(symbol)].lastTradeFen
        return last == 0 ? nil : last
    }
    public func bandFen(_ symbol: Int32) -> ClosedRange<Int64> { books[Int(symbol)].bandFen }

    /// Aggregated levels of one side, best first.
    public func depth(_ symbol: Int32, _ side: Side, levels: Int = .max) -> [AuctionLevel] {
        let book = side == .buy ? books[Int(symbol)].bids : books[Int(symbol)].asks
        return book.bestFirst(limit: levels).map { AuctionLevel(priceFen: $0.priceFen, quantity: $0.quantity) }
    }

    /// Orders resting in every book.
    public var restingOrderCount: Int { store.liveCount }

    /// Unfilled quantity of a resting order; nil when it is not resting.
    public func restingQuantity(of orderID: UInt64) -> Int64? {
        liveSlot(of: orderID).map { store[$0].remaining }
    }

    /// The slot of a resting order. A finished order's slot may since hold another order;
    /// ids are unique, so the id stored there tells them apart.
    func liveSlot(of orderID: UInt64) -> Int32? {
        ids.value(for: orderID).flatMap { liveSlot(orderID, stored: $0) }
    }

    /// `liveSlot(of:)` for a state already read from the id table.
    private func liveSlot(_ orderID: UInt64, stored slot: Int32) -> Int32? {
        guard slot >= 0 else { return nil }
        let order = store[slot]
        return order.orderID == orderID && order.remaining > 0 ? slot : nil
    }

    public func removeAllEvents() { events.removeAll(keepingCapacity: true) }

    /// Hands the events over by swapping buffers with `empty` (which must be empty): the
    /// caller reads them without a copy, and the engine appends to the caller's old buffer.
    public func takeEvents(into empty: inout [ExchangeEvent]) {
        precondition(empty.isEmpty, "takeEvents needs an empty buffer")
        swap(&events, &empty)
    }

    // MARK: Time

    /// Lets every session boundary up to and including `timeNanos` pass, running its uncross
    /// or releasing held instructions. Earlier times change nothing.
    public func advance(to timeNanos: Int64) {
        let boundaries = schedule.boundariesNanos
        while nextBoundary < boundaries.count, boundaries[nextBoundary] <= timeNanos {
            let boundary = boundaries[nextBoundary]
            nextBoundary += 1
            clockNanos = max(clockNanos, boundary)
            switch SessionPhase(rawValue: nextBoundary)! {
            case .preContinuousHold: uncrossAll(at: boundary, closing: false)
            case .morningContinuous: releaseHeld(at: boundary)
            case .closed:
                uncrossAll(at: boundary, closing: true)
                expireAll(at: boundary)
            default: break
            }
        }
        clockNanos = max(clockNanos, timeNanos)
    }

    /// Runs the rest of the day: every remaining boundary up to the close.
    public func finishDay() {
        if let close = schedule.boundariesNanos.last { advance(to: close) }
    }

    // MARK: Instructions

    /// Processes one instruction received at `request.timeNanos`.
    public func submit(_ request: OrderRequest) {
        if request.timeNanos < clockNanos { return reject(request, .timeWentBackwards, at: request.timeNanos) }
        advance(to: request.timeNanos)
        let now = request.timeNanos
        let phase = self.phase
        guard phase.acceptsInstructions else { return reject(request, .sessionClosed, at: now) }
        let symbolKnown = request.symbol >= 0 && Int(request.symbol) < books.count
        if request.type == .cancel {
            // A cancel may leave its symbol out (negative); the order id names the order.
            if request.symbol >= 0, !symbolKnown { return reject(request, .unknownSymbol, at: now) }
            if phase.refusesCancels { return reject(request, .cancelNotAllowed, at: now) }
            if phase == .preContinuousHold { return held.append(request) }
            return cancel(request, at: now)
        }
        guard symbolKnown else { return reject(request, .unknownSymbol, at: now) }
        if let reason = check(request, phase: phase) { return reject(request, reason, at: now) }
        guard let position = ids.insert(request.orderID, value: OrderIDTable.finished) else {
            return reject(request, .duplicateOrderID, at: now)
        }
        events.append(.accepted(orderID: request.orderID, timeNanos: now))
        if phase == .preContinuousHold {
            ids.setValue(OrderIDTable.held, at: position)
            held.append(request)
        } else if phase.isCall {
            ids.setValue(rest(request, priceFen: request.priceFen, quantity: request.quantity), at: position)
        } else {
            let slot = executeContinuous(request, at: now)
            if slot >= 0 { ids.setValue(slot, at: position) }
        }
    }

    /// The first static rule a new order breaks, or nil.
    private func check(_ request: OrderRequest, phase: SessionPhase) -> RejectReason? {
        // Fields are read in place: copying the book would retain its arrays on every order.
        let s = Int(request.symbol)
        if !rules.offers(request.type) { return .typeNotOffered }
        if request.type.isMarket, !phase.isContinuous { return .marketOrderOutsideContinuous }
        if request.quantity <= 0 { return .nonPositiveQuantity }
        if request.quantity > books[s].spec.maxOrderShares { return .quantityAboveMaximum }
        if request.side == .buy, request.quantity % books[s].spec.lotShares != 0 { return .badLot }
        if request.type == .limit {
            if request.priceFen <= 0 || request.priceFen % books[s].spec.tickFen != 0 { return .offTick }
            if !books[s].bandFen.contains(request.priceFen) { return .outsideBand }
        }
        return nil
    }

    func reject(_ request: OrderRequest, _ reason: RejectReason, at timeNanos: Int64) {
        events.append(.rejected(Rejection(timeNanos: timeNanos, orderID: request.orderID, type: request.type, reason: reason)))
    }

    /// Removes a resting order named by a cancel, or rejects the cancel.
    func cancel(_ request: OrderRequest, at timeNanos: Int64) {
        guard let known = ids.value(for: request.orderID) else { return reject(request, .unknownOrder, at: timeNanos) }
        guard let state = liveSlot(request.orderID, stored: known) else { return reject(request, .orderFinished, at: timeNanos) }
        let order = store[state]
        if request.symbol >= 0, order.symbol != request.symbol { return reject(request, .unknownOrder, at: timeNanos) }
        if order.side == .buy {
            remove(slot: state, from: &books[Int(order.symbol)].bids)
        } else {
            remove(slot: state, from: &books[Int(order.symbol)].asks)
        }
        events.append(.cancelled(orderID: order.orderID, remaining: order.remaining, cause: .requested, timeNanos: timeNanos))
    }
}
