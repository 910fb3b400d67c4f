import Kernel
import Stack
import Testing

/// The queries' route: a service stage between the gateway and the dispatch centre, declared
/// like any other, that every query passes both ways.
@Suite struct QueryRouteTests {
    static func queryLatencies(_ config: StackConfig) throws -> (latencies: [Int64], run: StackRunResult) {
        let run = try StackRun.run(config)
        let r = run.recorder
        var latencies: [Int64] = []
        for q in 0..<r.querySentAt.count {
            let answer = try #require(r.queryAnswer(q), "query \(q) was never answered")
            latencies.append(answer - r.querySentAt[q])
        }
        return (latencies.sorted(), run)
    }

    @Test func everyQueryPassesTheServiceBothWaysAndPaysItsTime() throws {
        var plain = StackConfig.shortDay
        plain.seed = 3
        var cached = plain
        // 200 µs fixed (also paid by the answer on its way back) + 300 µs per query.
        cached.services = [ServiceConfig(name: "query-cache", instances: [SiteCount("shenzhen", 2), SiteCount("shanghai", 2)], serviceFixed: .microseconds(200),
                                         servicePerOrder: .constant(300_000), concurrency: 4, queueLimit: 1_000)]
        cached.routes.query = [.gateway, .service("query-cache"), .dispatch]
        let (before, _) = try Self.queryLatencies(plain)
        let (after, run) = try Self.queryLatencies(cached)
        #expect(before.count == after.count && after.count > 500)
        // Every query went through an instance (none refused), and orders never did.
        #expect(run.services.reduce(0) { $0 + $1.handled } == UInt64(after.count))
        #expect(run.services.allSatisfy { $0.refused == 0 })
        #expect(run.recorder.hops.names == HopLayout.standard.names)
        // Each site's gateways use the instances beside them: the fastest answer, which met no
        // queue anywhere, is later by the service's 700 µs and two data-centre crossings (a few
        // µs each); the median moves by about as much, give or take the queues at the tiers the
        // later query meets.
        let fastest = after[0] - before[0]
        #expect(fastest >= 700_000 && fastest <= 750_000, "the fastest answer came \(fastest) ns later")
        let median = { (v: [Int64]) in v[v.count / 2] }
        let added = median(after) - median(before)
        #expect(added >= 600_000 && added <= 800_000, "added \(added) ns at the median")
    }
}
