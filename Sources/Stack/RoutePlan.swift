/// A stage of a resolved route: which node of an order it is, read from the order's header
/// (`StackContext.node(_:of:)`).
enum Hop: Equatable, Sendable {
    case gateway, tier, offer, exchange
    /// The dispatch centre a query's route ends at.
    case dispatch
    /// Service `service` (an index into `Topology.serviceNames`), whose instance for an order is
    /// kept in the order table's slot `slot`.
    case service(Int16, slot: UInt8)
}

/// Each business's route resolved against the stack's services, with the neighbours of the
/// fixed stages in dense per-business arrays (read on every order message).
struct RoutePlan: Sendable {
    /// `stages[business]`.
    let stages: [[Hop]]
    /// Per business: the stage after the gateway, before and after the tier, before the offer gateway.
    let afterGateway: [Hop]
    let beforeTier: [Hop]
    let afterTier: [Hop]
    let beforeOffer: [Hop]
    /// Slots per order for service instances: the most services any route names.
    let serviceSlots: Int
    /// The queries' route, and its services (slots per query in `StackContext.queryServiceNodes`).
    let query: [Hop]
    var queryServiceSlots: Int { query.count - 2 }
    /// The hops the recorder stamps, in column order.
    let hops: HopLayout

    init(config: RouteConfig, services: [String]) throws(StackBuildError) {
        func resolve(_ route: [RouteStage], field: String) throws(StackBuildError) -> [Hop] {
            var hops: [Hop] = []
            var slot: UInt8 = 0
            for (k, stage) in route.enumerated() {
                switch stage {
                case .gateway: hops.append(.gateway)
                case .tier: hops.append(.tier)
                case .offer: hops.append(.offer)
                case .exchange: hops.append(.exchange)
                case .dispatch: hops.append(.dispatch)
                case let .service(name):
                    guard let s = services.firstIndex(of: name) else {
                        throw StackBuildError(field: "\(field)[\(k)]", "no service called \"\(name)\"")
                    }
                    hops.append(.service(Int16(s), slot: slot))
                    slot += 1
                }
            }
            return hops
        }
        if let (index, message) = RouteConfig.problem(query: config.query) {
            throw StackBuildError(field: "routes.query" + (index.map { "[\($0)]" } ?? ""), message)
        }
        query = try resolve(config.query, field: "routes.query")
        var stages: [[Hop]] = []
        for business in Business.allCases {
            let route = config[business]
            if let (index, message) = RouteConfig.problem(route, business: business) {
                throw StackBuildError(field: "routes.\(business.name)" + (index.map { "[\($0)]" } ?? ""), message)
            }
            stages.append(try resolve(route, field: "routes.\(business.name)"))
        }
        self.stages = stages
        func neighbour(_ stage: Hop, _ step: Int) -> [Hop] {
            stages.map { route in
                guard let k = route.firstIndex(of: stage), route.indices.contains(k + step) else { return stage }
                return route[k + step]
            }
        }
        afterGateway = neighbour(.gateway, 1)
        beforeTier = neighbour(.tier, -1)
        afterTier = neighbour(.tier, 1)
        beforeOffer = neighbour(.offer, -1)
        serviceSlots = stages.map { $0.filter { if case .service = $0 { return true } else { return false } }.count }.max() ?? 0
        hops = HopLayout(routes: stages, services: services)
    }

    /// Where service `s` sits in the queries' route, if it does.
    func position(ofQueryService s: Int16) -> Int? { Self.position(of: s, in: query) }

    /// Where service `s` sits in `business`'s route, if it does.
    func position(ofService s: Int16, in business: Business) -> Int? { Self.position(of: s, in: stages[business.rawValue]) }

    private static func position(of s: Int16, in route: [Hop]) -> Int? {
        route.firstIndex { if case let .service(x, _) = $0 { return x == s } else { return false } }
    }
}

/// The hops of an order's path whose times the recorder keeps, one column each in the report:
/// `gateway_in`, `tier_in`, `tier_out`, `offer_in` and `exchange_in`, with each service's `_in`
/// and `_out` where routes place it (services before the tier between `gateway_in` and
/// `tier_in`, those after it between `tier_out` and `offer_in`, in the order routes first name them).
public struct HopLayout: Equatable, Sendable {
    public let names: [String]
    let gatewayIn: Int, tierIn: Int, tierOut: Int, offerIn: Int, exchangeIn: Int
    /// By service index: its hops (−1 for a service no route names).
    let serviceIn: [Int], serviceOut: [Int]

    /// The layout of the standard routes.
    public static let standard = HopLayout(routes: [[.gateway, .tier, .offer, .exchange]], services: [])

    init(routes: [[Hop]], services: [String]) {
        var before: [Int16] = [], after: [Int16] = []
        for route in routes {
            var pastTier = false
            for hop in route {
                if hop == .tier { pastTier = true }
                guard case let .service(s, _) = hop, !before.contains(s), !after.contains(s) else { continue }
                if pastTier { after.append(s) } else { before.append(s) }
            }
        }
        var names = ["gateway_in"]
        var serviceIn = [Int](repeating: -1, count: services.count), serviceOut = serviceIn
        func add(_ s: Int16) {
            serviceIn[Int(s)] = names.count
            names.append(services[Int(s)] + "_in")
            serviceOut[Int(s)] = names.count
            names.append(services[Int(s)] + "_out")
        }
        before.forEach(add)
        tierIn = names.count
        names += ["tier_in", "tier_out"]
        tierOut = tierIn + 1
        after.forEach(add)
        offerIn = names.count
        exchangeIn = names.count + 1
        names += ["offer_in", "exchange_in"]
        gatewayIn = 0
        self.names = names
        self.serviceIn = serviceIn
        self.serviceOut = serviceOut
    }
}
