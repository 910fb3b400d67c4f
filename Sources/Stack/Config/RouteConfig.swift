/// A stage of a business's or the queries' route: the fixed systems every stack has, or a
/// service stage the scenario declares (`ServiceConfig`), by name.
public enum RouteStage: Equatable, Sendable, CustomStringConvertible {
    case gateway, tier, offer, exchange
    /// The dispatch centre, which fans a query out to the tiers holding the client's orders.
    case dispatch
    case service(String)

    public var description: String {
        switch self {
        case .gateway: return "gateway"
        case .tier: return "tier"
        case .offer: return "offer"
        case .exchange: return "exchange"
        case .dispatch: return "dispatch"
        case let .service(name): return name
        }
    }

    /// The stage a route's word names, given the services the stack declares.
    public init?(name: String, services: [String]) {
        switch name {
        case "gateway": self = .gateway
        case "tier": self = .tier
        case "offer": self = .offer
        case "exchange": self = .exchange
        case "dispatch": self = .dispatch
        default:
            guard services.contains(name) else { return nil }
            self = .service(name)
        }
    }

    /// Words a service may not be called, as they name the fixed stages (or other node kinds).
    public static let reservedNames = ["gateway", "tier", "offer", "exchange", "dispatch", "clearing", "monitor", "console",
                                       "clients", "extreme", "fast", "normal"]
}

/// The ordered stages each business's orders pass, client side first, and those a client's
/// query passes. The default is the path of SPEC §2: gateway → tier → offer gateway → exchange
/// for exchange business, gateway → tier for C business (the broker completes it), gateway →
/// dispatch centre for queries (which it fans out to the tiers).
public struct RouteConfig: Equatable, Sendable {
    /// `stages[business.rawValue]`.
    public private(set) var stages: [[RouteStage]]
    public var query: [RouteStage] = [.gateway, .dispatch]

    public static let standard = RouteConfig(stages: Business.allCases.map {
        $0.tradesOnExchange ? [.gateway, .tier, .offer, .exchange] : [.gateway, .tier]
    })

    public subscript(business: Business) -> [RouteStage] {
        get { stages[business.rawValue] }
        set { stages[business.rawValue] = newValue }
    }

    /// The services any route names.
    public var servicesUsed: [String] {
        var names: [String] = []
        for route in stages + [query] {
            for case let .service(name) in route where !names.contains(name) { names.append(name) }
        }
        return names
    }

    /// What is wrong with `route` for `business`, if anything, and the index of the stage at
    /// fault (`nil`: the route as a whole). The one check of a route: the scenario reader
    /// places its answer in the file, the stack's builder refuses a configuration built in code.
    public static func problem(_ route: [RouteStage], business: Business) -> (index: Int?, message: String)? {
        guard route.first == .gateway else { return (route.isEmpty ? nil : 0, "a route starts at the gateway") }
        var seenTier = false, services: [String] = []
        for (k, stage) in route.enumerated() {
            switch stage {
            case .gateway:
                if k > 0 { return (k, "the gateway can only be the first stage") }
            case .tier:
                if seenTier { return (k, "the tier is named twice") }
                seenTier = true
            case .offer:
                guard business.tradesOnExchange else { return (k, "\(business.name) orders do not go to an exchange; the route ends at the tier") }
                guard seenTier else { return (k, "the offer gateway comes after the tier") }
                guard k == route.count - 2, route[k + 1] == .exchange else { return (k, "the route ends with offer, exchange") }
            case .exchange:
                guard business.tradesOnExchange else { return (k, "\(business.name) orders do not go to an exchange; the route ends at the tier") }
                guard k > 0, route[k - 1] == .offer else { return (k, "the exchange is reached through the offer gateway") }
            case .dispatch:
                return (k, "dispatch centres carry queries and funds; an order's route does not name them")
            case let .service(name):
                if services.contains(name) { return (k, "\(name) is named twice") }
                if !business.tradesOnExchange && seenTier { return (k, "the tier completes \(business.name) orders; a service must come before it") }
                services.append(name)
                if services.count > ServiceConfig.perRouteMax { return (k, "at most \(ServiceConfig.perRouteMax) services in one route") }
            }
        }
        if !seenTier { return (nil, "a route passes the tier, which holds the client's assets") }
        if business.tradesOnExchange && route.last != .exchange { return (nil, "\(business.name) orders end at the exchange: the route ends with offer, exchange") }
        return nil
    }

    /// What is wrong with a query route, if anything: it starts at the gateway, ends at the
    /// dispatch centre, and passes only services between them.
    public static func problem(query route: [RouteStage]) -> (index: Int?, message: String)? {
        guard route.first == .gateway else { return (route.isEmpty ? nil : 0, "a query's route starts at the gateway") }
        guard route.count >= 2, route.last == .dispatch else { return (nil, "a query's route ends at the dispatch centre") }
        var services: [String] = []
        for (k, stage) in route.enumerated().dropFirst().dropLast() {
            guard case let .service(name) = stage else { return (k, "between the gateway and the dispatch centre a query passes services only") }
            if services.contains(name) { return (k, "\(name) is named twice") }
            services.append(name)
            if services.count > ServiceConfig.perRouteMax { return (k, "at most \(ServiceConfig.perRouteMax) services in one route") }
        }
        return nil
    }
}
