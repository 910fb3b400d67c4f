import Chaos
import Kernel
import Scoring
import Stack
import Testing

/// Faults on a service stage's hosts do what they do to any host, seen through its hop.
@Suite struct ServiceFaultTests {
    /// The short day (seed 7) with a risk check after the tier on A1 and B: two Shenzhen
    /// instances, no standby.
    static func run(_ faults: [FaultSpec]) throws -> (StackRunResult, Scorecard) {
        var config = StackConfig.shortDay
        config.seed = 7
        config.services = [ServiceConfig(name: "risk-check", instances: [SiteCount("shenzhen", 2)], serviceFixed: .microseconds(10),
                                         servicePerOrder: .constant(40_000), concurrency: 8, queueLimit: 10_000)]
        for business in [Business.A1, .B] { config.routes[business] = [.gateway, .tier, .service("risk-check"), .offer, .exchange] }
        let run = try StackRun.run(config, plan: { world throws(StackBuildError) in try FaultPlan.changes(faults, world: world) })
        return (run, Scorecard(run))
    }

    /// Median time orders through `node` spent at the risk check (its `_out` minus its `_in`), for orders that reached it in `window`.
    static func checkTimes(_ run: StackRunResult, node: StackNodeID, in window: Range<Int64>) -> [Int64] {
        let r = run.recorder
        let checkIn = r.hops.names.firstIndex(of: "risk-check_in")!, checkOut = checkIn + 1
        var times: [Int64] = []
        for k in 0..<r.orderCount where run.orders.serviceNode(OrderIndex(k), slot: 0) == node {
            guard let a = r.hop(checkIn, of: k), let b = r.hop(checkOut, of: k), window.contains(r.sentAt[k] + a) else { continue }
            times.append(b - a)
        }
        return times.sorted()
    }

    @Test func cpuLoadOnAServiceHostMultipliesItsServiceTime() throws {
        let (run, card) = try Self.run([FaultSpec(name: "burn", kind: .cpuLoad, nodes: ["risk-check-shenzhen-1"], start: .clock(9, 35),
                                                  duration: .minutes(5), factor: 10, utilization: 1)])
        let node = run.topology.node(named: "risk-check-shenzhen-1")!, other = run.topology.node(named: "risk-check-shenzhen-2")!
        let during = SimTime.clock(9, 35, 1).nanos..<SimTime.clock(9, 39, 59).nanos
        let slow = Self.checkTimes(run, node: node, in: during), beside = Self.checkTimes(run, node: other, in: during)
        #expect(slow.count > 100 && beside.count > 100)
        // 50 µs of service at 10× is 500 µs (more where orders queue behind each other); the instance beside it keeps 50 µs.
        #expect(slow[slow.count / 2] >= 500_000, "median \(slow[slow.count / 2]) ns")
        #expect(beside[beside.count / 2] >= 50_000 && beside[beside.count / 2] < 100_000, "median \(beside[beside.count / 2]) ns")
        let after = Self.checkTimes(run, node: node, in: SimTime.clock(9, 41).nanos..<SimTime.clock(9, 45).nanos)
        #expect(after[after.count / 2] < 100_000)
        #expect(card.invariants.allSatisfy { $0.held })
    }

    /// A hung process accepts what it is sent and never answers: orders that passed the tier
    /// are lost there with their funds frozen, as at a hung offer gateway, and the end-of-day
    /// reconciliation says so.
    @Test func aHungServiceAfterTheTierLosesOrdersWithTheirFundsFrozen() throws {
        let (run, card) = try Self.run([FaultSpec(name: "hang", kind: .hostHang, nodes: ["risk-check-shenzhen-1"], start: .clock(9, 35),
                                                  duration: .seconds(30))])
        #expect(run.sessions.lostAtHungHosts > 0)
        #expect(card.outcomes.lost > 0)
        let reconcile = try #require(card.invariants.first { $0.name == "accounts_reconcile" })
        #expect(!reconcile.held && reconcile.detail.contains("still frozen"), "\(reconcile.detail)")
        // Without the fault every order ends and every account reconciles.
        let (_, clean) = try Self.run([])
        #expect(clean.outcomes.lost == 0 && clean.invariants.allSatisfy(\.held))
    }
}
