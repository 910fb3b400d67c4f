import Boundary
import Kernel
import Stack

extension Reader {
    static let serviceTable = FieldTable<ServiceConfig>(stationFields(ServiceConfig.self) + [
        ("version", { t, f, _ throws(ScenarioError) in t.version = try f.label() } as FieldTable<ServiceConfig>.Decode),
    ])

    /// `services:` a mapping of service name to its instances and service model.
    mutating func readServices(_ v: YAMLValue) throws(ScenarioError) {
        var services: [ServiceConfig] = []
        let entries = try v.anyMapping()
        if entries.count > ServiceConfig.servicesMax { throw v.error("\(entries.count) services; at most \(ServiceConfig.servicesMax)") }
        for (name, value) in entries {
            func keyError(_ message: String) -> ScenarioError {
                ScenarioError(file: v.file, line: value.keyLine, column: value.keyColumn, field: v.path, message: message)
            }
            guard !name.isEmpty, name.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }) else {
                throw keyError("a service's name is letters, digits, - and _, got \"\(Excerpt.of(name))\"")
            }
            if RouteStage.reservedNames.contains(name) { throw keyError("\"\(name)\" names a part of every stack; call the service something else") }
            var service = ServiceConfig(name: name, instances: [])
            try Reader.serviceTable.read(value, into: &service, by: self)
            if service.instances.isEmpty { throw value.error("needs instances on at least one site") }
            services.append(service)
        }
        config.services = services
    }

    /// `routes:` per business, its stages in order: `gateway`, `tier`, `offer`, `exchange`, and
    /// the names of services; and `query`, the stages a client's query passes: `gateway`,
    /// services, `dispatch`. A business (or the queries) not listed keeps its standard route.
    mutating func readRoutes(_ v: YAMLValue) throws(ScenarioError) {
        let names = config.services.map(\.name)
        let stages = ["gateway", "tier", "offer", "exchange", "dispatch"] + names
        for (key, value) in try v.mapping(allowed: Business.allCases.map(\.name) + ["query"]) {
            let items = try value.list()
            var route: [RouteStage] = []
            for item in items {
                let name = try item.oneOf(stages.map { ($0, $0) }, "stage (a fixed stage or a service under services)")
                route.append(RouteStage(name: name, services: names)!)
            }
            if let business = Business(name: key) {
                if let (index, message) = RouteConfig.problem(route, business: business) { throw (index.map { items[$0] } ?? value).error(message) }
                config.routes[business] = route
            } else {
                if let (index, message) = RouteConfig.problem(query: route) { throw (index.map { items[$0] } ?? value).error(message) }
                config.routes.query = route
            }
        }
    }
}
