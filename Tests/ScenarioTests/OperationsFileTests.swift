import Chaos
import Kernel
@testable import Scenario
import Stack
import Testing

@Suite struct OperationsFileTests {
    @Test func monitoringOperatorsGuardsAndFaultTimingAreRead() throws {
        let text = """
            name: ops
            gateway: { health_check: { interval: 2s, failures: 2, rises: 1, depth: deep } }
            dr: { site: beijing, protects: [shenzhen], lag: 3s }
            monitoring:
              scrape_interval: 10s
              rules:
                - { name: down, metric: up, below: 1, for: 20s }
              probe_interval: none
              pre_market: { from: "08:40:00", to: "09:10:00", every: 10m }
            sla: { detection: 4m, recovery: 10m, rpo_orders: 5 }
            clients:
              - { class: III, queries_per_second: 3 }
            faults:
              - { name: a, kind: host_crash, target: fast-shenzhen-1, start: "10:00:00", duration: 5m }
              - { name: b, kind: disk_full, target: { kind: tier, tier: normal, site: shenzhen, count: 2 }, after: a, start: "+1m", duration: 1m }
              - { name: c, kind: link_loss, between: [shenzhen, shanghai], start: "+3h", probability: 0.01, direction: forward, messages: [fill, ack],
                  expect: { detect_within: 2m, recover_by: "11:00:00", rpo_max: 0 } }
            operators:
              notice: 30s
              client_reports: { failures: 5, delay: { constant: "2m" } }
              runbooks:
                - name: failover
                  for: { sites: [shenzhen], kinds: [site_loss] }
                  level: red
                  automated: { take: 1m, fails: 0.25 }
                  steps:
                    - { do: dr_failover, site: shenzhen, take: 30m }
                    - { do: note, text: "verify with probes" }
            guards:
              - { name: stop-at-noon, at: "12:00:00" }
              - { name: blast, metric: unanswered_ratio, above: 0.5, window: 30s, action: rollback }
            """
        let d = try ScenarioFile.decodeDocument(text, file: "ops.yaml")
        let c = d.stack
        #expect(c.gatewayHealthCheck?.depth == .deep && c.gatewayHealthCheck?.interval == .seconds(2))
        #expect(c.disasterRecovery?.lag == .seconds(3) && c.disasterRecovery?.protects == ["shenzhen"])
        #expect(c.monitoring?.rules == [AlertRule(name: "down", metric: .up, .below, 1, for: .seconds(20))])
        #expect(c.monitoring?.probeInterval == nil && c.monitoring?.preMarketFrom == .clock(8, 40))
        #expect(c.sla.detection == .minutes(4) && c.sla.recovery == .minutes(10) && c.sla.rpoOrders == 5)
        #expect(c.populations.first { $0.clientClass == .III }?.queriesPerSecond == 3)
        // `after: a` with `+1m`: a ends at 10:05, b starts at 10:06; `+3h` without after: from the day's start.
        #expect(d.faults[1].start == .clock(10, 6) && d.faults[1].selector == FaultSpec.Selector(kind: .tier, tier: .normal, site: "shenzhen", count: 2))
        #expect(d.faults[2].start == .clock(10, 0) && d.faults[2].direction == .forward && d.faults[2].messages == ["fill", "ack"])
        #expect(d.faults[2].expect.detectWithin == .minutes(2) && d.faults[2].expect.recoverBy == .clock(11, 0) && d.faults[2].expect.rpoMax == 0)
        let book = try #require(c.operators.runbooks.first)
        #expect(book.forSites == ["shenzhen"] && book.forKinds == ["site_loss"] && book.level == .red)
        #expect(book.automatedFailureProbability == 0.25 && book.steps.map(\.action) == [.drFailover(site: "shenzhen"), .note("verify with probes")])
        #expect(c.operators.clientReports.failures == 5 && c.operators.notice == .constant(30e9))
        #expect(d.guards == [Guard(name: "stop-at-noon", trigger: .at(.clock(12, 0)), action: .stop),
                             Guard(name: "blast", trigger: .threshold(.unansweredRatio, above: 0.5, window: .seconds(30)), action: .rollback)])
    }

    @Test func mistakesAreLocated() {
        let cases: [(String, Int, String)] = [
            ("faults:\n  - { name: a, kind: disk_full, target: gateway-shenzhen-1, start: \"10:00:00\" }\n", 2, "disk_full applies to tier"),
            ("faults:\n  - { name: a, kind: database_slow, target: fast-shenzhen-1, start: \"10:00:00\" }\n", 2, "normal tier"),
            ("faults:\n  - { name: b, kind: disk_full, target: normal-shenzhen-1, after: a, start: \"+1m\" }\n", 2, "no earlier fault called \"a\""),
            ("faults:\n  - { name: a, kind: disk_full, target: normal-shenzhen-1, start: \"10:00:00\" }\n  - { name: b, kind: disk_full, target: normal-shenzhen-2, after: a }\n", 3, "lasts to the end of the run"),
            ("faults:\n  - { name: a, kind: link_loss, between: [shenzhen, shanghai], start: \"10:00:00\", probability: 0.1, messages: [fils] }\n", 2, "did you mean \"fill\""),
            ("faults:\n  - { name: a, kind: config_drift, target: offer-sse-shenzhen, start: \"10:00:00\" }\n", 2, "needs version (the version the host runs instead) or config"),
            ("faults:\n  - { name: a, kind: host_crash, target: { kind: tier, tier: normal, count: 9 }, start: \"10:00:00\" }\n", 2, "fewer than count 9"),
            ("operators:\n  runbooks:\n    - { name: r, steps: [{ do: dr_failover, site: shenzhen }] }\n", 3, "no DR replicas"),
            ("operators:\n  runbooks:\n    - { name: r, steps: [{ do: drain, host: fast-shenzhen-1 }] }\n", 3, "not a gateway"),
            ("operators:\n  runbooks:\n    - { name: r, steps: [{ do: reboot }] }\n", 3, "unknown step \"reboot\""),
            ("guards:\n  - { name: g, at: \"10:00:00\", metric: reject_ratio, above: 0.1 }\n", 2, "exactly one of"),
            ("guards:\n  - { name: g, metric: reject_ratio }\n", 2, "needs above"),
            ("monitoring:\n  rules:\n    - { name: r, metric: cpu, above: 0.9, below: 0.1 }\n", 3, "above or below"),
            ("dr: { site: beijing, protects: [beijing] }\n", 1, "cannot protect itself"),
            ("faults:\n  - { name: a, kind: database_slow, target: { kind: tier, tier: fast }, start: \"10:00:00\" }\n", 2, "applies to the normal tier, not fast"),
        ]
        for (text, line, message) in cases {
            let error = decodeError("name: x\n" + text)
            #expect(error?.line == line + 1 && error?.message.contains(message) == true, "\(text): \(String(describing: error))")
        }
    }
}
