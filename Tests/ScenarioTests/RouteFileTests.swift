import Kernel
@testable import Scenario
import Stack
import Testing

/// `services:` and `routes:`: a stage an architect adds in YAML, and each mistake named where it is.
@Suite struct RouteFileTests {
    static let riskCheck = """
        services:
          risk-check:
            instances: { shenzhen: 2 }
            service_fixed: "10us"
            service_per_order: { lognormal: { median: "25us", sigma: 0.4 } }
            concurrency: 4
            standby: { failover: automatic }
        routes:
          A1: [gateway, tier, risk-check, offer, exchange]
          C1: [gateway, risk-check, tier]

        """

    @Test func aServiceAndRoutesReadIntoTheStackConfig() throws {
        var config = try ScenarioFile.decode(Self.riskCheck, file: "routes.yaml")
        let service = try #require(config.service(named: "risk-check"))
        #expect(service.instances == [SiteCount("shenzhen", 2)] && service.concurrency == 4 && service.serviceFixed == .microseconds(10))
        #expect(service.standby?.failover == .automatic)
        #expect(config.routes[.A1] == [.gateway, .tier, .service("risk-check"), .offer, .exchange])
        #expect(config.routes[.C1] == [.gateway, .service("risk-check"), .tier])
        #expect(config.routes.query == [.gateway, .dispatch])
        // Businesses not listed keep the standard path.
        #expect(config.routes[.A2] == RouteConfig.standard[.A2] && config.routes[.C2] == [.gateway, .tier])
        // Its instances are nodes like any other, with standbys and the hop names the report shows.
        let topology = try Topology(config: config)
        #expect(topology.node(named: "risk-check-shenzhen-2") != nil && topology.host(named: "risk-check-shenzhen-1-standby") != nil)
        // A1 names it first, after the tier: its columns sit between tier_out and offer_in.
        #expect(topology.hopLayout.names == ["gateway_in", "tier_in", "tier_out", "risk-check_in", "risk-check_out", "offer_in", "exchange_in"])
        config.routes[.A1] = RouteConfig.standard[.A1]
        #expect(try Topology(config: config).hopLayout.names
            == ["gateway_in", "risk-check_in", "risk-check_out", "tier_in", "tier_out", "offer_in", "exchange_in"])
        #expect(HopLayout.standard.names == ["gateway_in", "tier_in", "tier_out", "offer_in", "exchange_in"])
    }

    @Test func aQueryRouteReadsWithItsServices() throws {
        let config = try ScenarioFile.decode(Self.riskCheck + "  query: [gateway, risk-check, dispatch]\n", file: "routes.yaml")
        #expect(config.routes.query == [.gateway, .service("risk-check"), .dispatch])
        #expect(config.routes.servicesUsed == ["risk-check"])
    }

    @Test func eachMistakeIsNamedWhereItIs() throws {
        let cases: [(String, Int, String)] = [
            ("services:\n  risk-check: { instances: { shenzhen: 1 } }\nroutes:\n  A1: [gateway, tier, risk-chek, offer, exchange]\n",
             4, "did you mean \"risk-check\""),
            ("routes:\n  A1: [tier, offer, exchange]\n", 2, "a route starts at the gateway"),
            ("routes:\n  A1: [gateway, offer, tier, exchange]\n", 2, "the offer gateway comes after the tier"),
            ("routes:\n  C1: [gateway, tier, offer, exchange]\n", 2, "C1 orders do not go to an exchange"),
            ("routes:\n  A2: [gateway, tier]\n", 2, "A2 orders end at the exchange"),
            ("services:\n  risk-check: { instances: { shenzhen: 1 } }\nroutes:\n  C2: [gateway, tier, risk-check]\n",
             4, "a service must come before it"),
            ("services:\n  risk-check: { instances: { shenzhen: 1 } }\nroutes:\n  B: [gateway, risk-check, tier, risk-check, offer, exchange]\n",
             4, "risk-check is named twice"),
            ("services:\n  tier: { instances: { shenzhen: 1 } }\n", 2, "names a part of every stack"),
            ("services:\n  risk-check: { instances: { shenzhen: 1 } }\n", 2, "no route names risk-check"),
            ("services:\n  risk-check: { instances: { shenzhen: 1 }, colour: red }\n", 2, "colour"),
            ("services:\n  risk-check: { concurrency: 2 }\nroutes:\n  A1: [gateway, tier, risk-check, offer, exchange]\n",
             2, "needs instances on at least one site"),
            ("routes:\n  A1: [gateway, tier, dispatch, offer, exchange]\n", 2, "dispatch centres carry queries"),
            ("routes:\n  query: [gateway, tier, dispatch]\n", 2, "a query passes services only"),
            ("services:\n  cache: { instances: { shenzhen: 1 } }\nroutes:\n  query: [gateway, cache]\n", 4, "ends at the dispatch centre"),
        ]
        for (text, line, message) in cases {
            let error = try #require(decodeError(text), "accepted: \(text)")
            #expect(error.file == "bad.yaml" && error.line == line, "\(error) for \(text)")
            #expect(error.description.contains(message), "\(error) for \(text)")
        }
    }

    /// The one route check, for a configuration built in code as for a file.
    @Test func theStackRefusesARouteItCannotRun() throws {
        var config = StackConfig()
        config.routes[.B] = [.gateway, .tier, .service("missing"), .offer, .exchange]
        #expect(throws: StackBuildError.self) { _ = try Topology(config: config) }
        config.routes[.B] = RouteConfig.standard[.B]
        config.services = [ServiceConfig(name: "unused", instances: [SiteCount("shenzhen", 1)])]
        do { _ = try Topology(config: config); Issue.record("an unrouted service was accepted") } catch {
            #expect(error.field == "services.unused")
        }
    }
}
