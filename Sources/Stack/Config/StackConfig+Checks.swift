/// Checks across a configuration's sections, each written once: the stack's builder refuses a
/// configuration that fails one, and the scenario reader places the same answer in the file.
extension StackConfig {
    /// A client population whose watchlist is longer than an exchange's list of symbols.
    public var watchlistProblem: (population: Int, message: String)? {
        for (p, population) in populations.enumerated() {
            for market in Market.allCases {
                guard let symbols = venue(market)?.symbols, population.watchlist > symbols else { continue }
                return (p, "class \(population.clientClass.name)'s watchlist (\(population.watchlist)) is longer than the \(symbols) symbols \(market.name) lists")
            }
        }
        return nil
    }

    /// A client class with clients whose business the routing table sends to a tier the stack
    /// does not run (no instances).
    public var routingProblem: (clientClass: ClientClass, business: Business, message: String)? {
        for population in populations {
            for business in Business.allCases {
                let kind = routing[population.clientClass, business]
                guard tier(kind)?.instances.contains(where: { $0.count > 0 }) != true else { continue }
                return (population.clientClass, business,
                        "class \(population.clientClass.name) \(business.name) is routed to the \(kind.name) tier, which the stack does not run")
            }
        }
        return nil
    }
}
