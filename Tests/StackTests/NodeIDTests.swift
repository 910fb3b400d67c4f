import Kernel
import Testing
@testable import Stack

/// Node ids are a type of their own, and a route stage not chosen yet reads as `nil` — in the
/// same two bytes a bare id took, so an order header (50 million of them on an exchange-scale
/// day) does not grow.
@Suite struct NodeIDTests {
    @Test func aRouteStopHoldsAnyNodeOrNone() {
        var random = Xoshiro256StarStar(seed: 16)
        var stop = RouteStop()
        #expect(stop.node == nil)
        for _ in 0..<1_000 {
            let node: StackNodeID? = random.next(below: 8) == 0 ? nil : StackNodeID(Int(random.next(below: UInt64(Int16.max) + 1)))
            stop.node = node
            #expect(stop.node == node)
            #expect(RouteStop(node).node == node)
        }
        #expect(RouteStop(StackNodeID(0)).node == StackNodeID(0))
        #expect(RouteStop(StackNodeID(Int(Int16.max))).node == StackNodeID(Int(Int16.max)))
    }

    @Test func anOrderHeaderKeepsItsSize() {
        #expect(MemoryLayout<RouteStop>.size == MemoryLayout<Int16>.size)
        #expect(MemoryLayout<StackNodeID>.size == MemoryLayout<Int16>.size)
        // client, symbol, price, quantity, five one-byte fields and the slot, the population and
        // four route stops, the freeze price: 48 bytes, as with bare `Int16` ids.
        #expect(MemoryLayout<OrderHeader>.stride == 48)
        #expect(_isPOD(OrderHeader.self))
    }

    @Test func aNewOrderHasNoRouteUntilTheStackChoosesOne() {
        var h = OrderHeader(client: 1, symbol: 0, priceFen: 1_000, quantity: 100, clientClass: .I, business: .A1,
                            market: .sse, side: .buy, type: .limit, slot: 0, population: StackNodeID(3))
        #expect(h.gateway == nil && h.tier == nil && h.assets == nil && h.offer == nil)
        h.gateway = StackNodeID(7); h.tier = StackNodeID(9); h.assets = StackNodeID(9); h.offer = StackNodeID(0)
        #expect(h.gateway == StackNodeID(7) && h.tier == StackNodeID(9) && h.assets == StackNodeID(9) && h.offer == StackNodeID(0))
        h.tier = nil
        #expect(h.tier == nil && h.assets == StackNodeID(9))
    }
}
