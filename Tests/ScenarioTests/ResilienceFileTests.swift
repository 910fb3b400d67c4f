import Kernel
@testable import Scenario
import Stack
import Testing

@Suite struct ResilienceFileTests {
    @Test func standbysSoftwareAndSessionsAreRead() throws {
        let text = """
            name: ha
            software: { version: "6.2.0", config: cfg-a }
            tiers:
              extreme: {}
              fast: { standby: { failover: manual, version: "6.1.9" } }
              normal: {}
            offer: { standby: {}, dedicated: [A2] }
            gateway: { standby: { failover: automatic } }
            exchanges:
              szse: { required_version: "6.2.0", required_config: cfg-a }
            hosts:
              offer-margin-szse-shenzhen-standby: { version: "6.1.0" }
            resilience: { heartbeat_interval: 500ms, heartbeat_timeout: 2s, retransmits_max: 4, logon_retry_interval: 10s }
            """
        let config = try ScenarioFile.decode(text, file: "ha.yaml")
        #expect(config.software == HostSoftware(version: "6.2.0", config: "cfg-a"))
        #expect(config.tier(.fast)?.standby == StandbyConfig(failover: .manual, version: "6.1.9"))
        #expect(config.tier(.normal)?.standby == nil)
        #expect(config.offerStandby == StandbyConfig() && config.gatewayStandby == StandbyConfig(failover: .automatic))
        #expect(config.dedicatedOfferBusinesses == [.A2])
        #expect(config.venue(.szse)?.requiredVersion == "6.2.0" && config.venue(.sse)?.requiredVersion == nil)
        #expect(config.hostSoftware == [HostSoftwareOverride(host: "offer-margin-szse-shenzhen-standby", version: "6.1.0")])
        #expect(config.resilience.heartbeatInterval == .milliseconds(500) && config.resilience.heartbeatTimeout == .seconds(2))
        #expect(config.resilience.retransmitsMax == 4 && config.resilience.logonRetryInterval == .seconds(10))

        // The built stack: a standby host beside every fast instance and offer gateway, margin's
        // own offer gateways, and each host's software.
        let topology = try Topology(config: config)
        let standby = try #require(topology.host(named: "fast-shenzhen-1-standby"))
        #expect(topology.hosts[standby.index].failover == .manual && topology.hosts[standby.index].software.version == "6.1.9")
        #expect(topology.hosts[standby.index].node == topology.node(named: "fast-shenzhen-1"))
        #expect(topology.host(named: "normal-shenzhen-1-standby") == nil)
        let margin = try #require(topology.host(named: "offer-margin-szse-shenzhen-standby"))
        #expect(topology.hosts[margin.index].software == HostSoftware(version: "6.1.0", config: "cfg-a"))
        #expect(topology.hosts[topology.host(named: "offer-szse-shenzhen")!.index].software == HostSoftware(version: "6.2.0", config: "cfg-a"))
    }

    @Test func mistakesAreLocated() {
        let unknownHost = decodeError("name: x\noffer: { standby: {} }\nhosts:\n  offer-sse-shenzen-standby: { version: \"2\" }\n")
        #expect(unknownHost?.line == 4 && unknownHost?.message.contains("did you mean \"offer-sse-shenzhen-standby\"") == true)
        let badFailover = decodeError("name: x\ntiers:\n  fast: { standby: { failover: sometimes } }\n  extreme: {}\n  normal: {}\n")
        #expect(badFailover?.line == 3 && badFailover?.message.contains("failover") == true)
        let notExchange = decodeError("name: x\noffer: { dedicated: [C1] }\n")
        #expect(notExchange?.line == 2 && notExchange?.message.contains("C1") == true)
        let tooFast = decodeError("name: x\nresilience: { heartbeat_interval: 0s }\n")
        #expect(tooFast?.line == 2)
    }
}
