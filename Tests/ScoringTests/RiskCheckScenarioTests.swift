import Chaos
import Foundation
import Kernel
import Scenario
import Scoring
import Stack
import Testing

/// `Scenarios/risk-check.yaml`: a service stage added in YAML alone sits in the A1 and B routes
/// between the tier and the offer gateway, its hops are stamped, and the fault on its host does
/// what a person expects of a failover.
@Suite struct RiskCheckScenarioTests {
    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Scenarios/risk-check.yaml").path

    /// The file's stack, stages, routes, fault and runbook, with a tenth of its clients and orders
    /// and a trickle of other members' orders, so that a debug build runs it in seconds.
    static func run() throws -> (StackRunResult, Scorecard, ScenarioDocument) {
        var document = try ScenarioFile.loadDocument(path: path)
        for k in document.stack.populations.indices {
            document.stack.populations[k].ordersPerDay /= 10
            document.stack.populations[k].clients = max(10, document.stack.populations[k].clients / 10)
        }
        for k in document.stack.venues.indices { document.stack.venues[k].otherMembersOrdersPerSecond = 1 }
        let faults = document.faults
        let run = try StackRun.run(document.stack, plan: { world throws(StackBuildError) in try FaultPlan.schedule(faults, world: world) })
        return (run, Scorecard(run, policy: try csrc(), faults: faults), document)
    }

    @Test func theRiskCheckIsAHopOfA1AndBOrdersAndItsHostFailsOverWithNothingLost() throws {
        let (run, card, _) = try Self.run()
        let r = run.recorder
        let names = r.hops.names
        #expect(names == ["gateway_in", "tier_in", "tier_out", "risk-check_in", "risk-check_out", "offer_in", "exchange_in"])
        #expect(card.hopNames == names)
        let tierOut = names.firstIndex(of: "tier_out")!, checkIn = tierOut + 1, checkOut = tierOut + 2, offerIn = tierOut + 3

        // Every acknowledged A1 and B order passed a risk-check instance on its tier's site, in
        // path order; no A2 or C order did.
        var checked = 0
        for k in 0..<r.orderCount where r.ack(k) != nil {
            let i = OrderIndex(k), h = run.orders[i]
            if h.business == .A1 || h.business == .B {
                let node = try #require(run.orders.serviceNode(i, slot: 0), "order \(k) passed no risk check")
                #expect(run.topology.service(ofNode: node) == "risk-check")
                #expect(run.topology.nodes[Int(node)].site == run.topology.nodes[Int(try #require(h.tier))].site)
                let stamps = [tierOut, checkIn, checkOut, offerIn].map { r.hop($0, of: k) ?? .max }
                #expect(stamps[0] < stamps[1] && stamps[1] < stamps[2] && stamps[2] < stamps[3] && stamps[3] != .max,
                        "order \(k): \(stamps)")
                checked += 1
            } else {
                #expect(r.hop(checkIn, of: k) == nil && r.hop(checkOut, of: k) == nil)
            }
        }
        #expect(checked > 10_000)
        // The hop's median is the service's: 10 µs fixed plus a 25 µs median, with a data-centre crossing before it.
        let row = try #require(card.latency.first { $0.clientClass == .I && $0.business == "A1" })
        let wait = try #require(row.hopP50Nanos[checkOut]) - (try #require(row.hopP50Nanos[checkIn]))
        #expect(wait >= 30_000 && wait <= 60_000, "risk check median \(wait) ns")

        // The fault: risk-check-shenzhen-1 fails at 11:00; its standby takes over when three
        // seconds pass without a heartbeat (beats every second).
        let crash = SimTime.clock(11, 0)
        let failed = try #require(run.topology.node(named: "risk-check-shenzhen-1"))
        let takeover = try #require(run.takeovers.first { $0.node == failed })
        #expect(run.topology.hosts[takeover.to.index].name == "risk-check-shenzhen-1-standby" && takeover.cause == .heartbeat)
        #expect(takeover.at >= crash + .seconds(3) && takeover.at <= crash + .seconds(4), "\(takeover.at)")
        // The instances are a pool: orders that left their tier while it was down were checked by
        // the running instance beside it; none entered it until the standby ran it again, and from
        // then on it checked its share once more.
        let other = try #require(run.topology.node(named: "risk-check-shenzhen-2"))
        var rerouted = 0, afterwards = 0
        for k in 0..<r.orderCount {
            let i = OrderIndex(k), h = run.orders[i]
            guard h.business == .A1 || h.business == .B, let out = r.hop(tierOut, of: k), out != .max,
                  run.topology.nodes[Int(try #require(h.tier))].site == run.topology.nodes[Int(failed)].site else { continue }
            let leftTier = r.sentAt[k] + out
            let node = try #require(run.orders.serviceNode(i, slot: 0), "order \(k) passed no risk check")
            if leftTier >= crash.nanos + 1_000_000 && leftTier < takeover.at.nanos {
                #expect(node == other, "order \(k) left its tier at \(leftTier) for \(run.topology.name(of: node))")
                rerouted += 1
            } else if leftTier >= takeover.at.nanos + 1_000_000 && node == failed {
                afterwards += 1
            }
        }
        #expect(rerouted >= 10 && afterwards >= 10, "\(rerouted) orders checked beside it, \(afterwards) by its standby")
        // Nothing lost, the books reconcile, and the fault was detected and met its expectations.
        #expect(card.outcomes.lost == 0 && card.invariants.allSatisfy(\.held))
        let fault = try #require(card.faults.first { $0.name == "risk-check-host-down" })
        #expect(fault.detectedAt != nil && fault.rpoOrders == 0)
        #expect(fault.target == ["risk-check-shenzhen-1"])
    }
}
