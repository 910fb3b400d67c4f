import Kernel
import Scoring
import Stack
import Testing

@Suite struct RoutingTests {
    @Test func everyClassAndBusinessLandsOnSpecsSystem() throws {
        let (run, _) = try Runs.shortDay()
        var seen = Set<String>()
        for k in 0..<run.orders.count {
            let h = run.orders[OrderIndex(k)]
            let kind = try #require(run.tierKind(ofNode: h.tier), "order \(k) was never routed")
            #expect(kind == specRouting[h.clientClass]![h.business]!, "order \(k): class \(h.clientClass) \(h.business) ran on \(kind)")
            seen.insert("\(h.clientClass)/\(h.business)")
        }
        #expect(seen.count == 15, "every cell of the table is exercised: \(seen.sorted())")
    }

    @Test func assetsLiveOnTheFastestTierOfTheClassAndOneInstancePerClientAndSite() throws {
        let (run, _) = try Runs.shortDay()
        let expected: [ClientClass: TierKind] = [.I: .extreme, .II: .fast, .III: .normal]
        var holder: [String: StackNodeID] = [:]
        for k in 0..<run.orders.count {
            let h = run.orders[OrderIndex(k)]
            #expect(run.tierKind(ofNode: h.assets) == expected[h.clientClass])
            let site = run.topology.nodes[Int(h.population)].site
            let key = "\(h.clientClass)/\(h.client)/\(site)"
            let assets = try #require(h.assets, "order \(k) was never routed")
            if let previous = holder[key] { #expect(previous == assets, "client \(key) has assets on two instances") }
            holder[key] = assets
            if specRouting[h.clientClass]![h.business]! == expected[h.clientClass]! {
                #expect(h.tier == h.assets, "an order on the asset tier runs on the instance holding the assets")
            }
        }
    }

    @Test func classOneFundsForC2GoThroughTheDispatchCentre() throws {
        var config = StackConfig.shortDay
        config.seed = 11
        nonisolated(unsafe) var requests: [(order: Int64, holder: Int64, node: NodeID)] = []
        nonisolated(unsafe) var replies: [Int64] = []
        let run = try StackRun.run(config, observe: { hub, points in
            hub.subscribe(points.dispatchFundRequest) { requests.append(($0.a, $0.b, $0.node)) }
            hub.subscribe(points.dispatchFundReply) { replies.append($0.a) }
        })
        let card = Scorecard(run)
        let c2 = (0..<run.orders.count).filter {
            let h = run.orders[OrderIndex($0)]
            return h.clientClass == .I && h.business == .C2 && run.recorder.outcome[$0] == .completed
        }
        #expect(c2.count > 10)
        for k in c2 {
            let h = run.orders[OrderIndex(k)]
            #expect(run.tierKind(ofNode: h.tier) == .normal)
            #expect(run.tierKind(ofNode: h.assets) == .extreme)
            let request = try #require(requests.first { $0.order == Int64(k) }, "order \(k) drew no funds through dispatch")
            #expect(run.topology.kind(of: StackNodeID(Int(request.node.raw))) == .dispatch)
            #expect(request.holder == h.assets.map { Int64($0.raw) })
            #expect(replies.contains(Int64(k)))
        }
        // Class III keeps its assets on the normal tier that runs its C2 orders: no dispatch.
        let classThreeC2 = (0..<run.orders.count).filter { run.orders[OrderIndex($0)].clientClass == .III && run.orders[OrderIndex($0)].business == .C2 }
        #expect(!classThreeC2.isEmpty)
        #expect(classThreeC2.allSatisfy { k in !requests.contains { $0.order == Int64(k) } })
        // The subscriptions' cash left the extreme tier's store and the books still balance.
        #expect(card.invariants.allSatisfy { $0.held }, "\(card.invariants.filter { !$0.held })")
    }
}
