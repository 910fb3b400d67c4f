import Kernel
import Net
import Scoring
import Stack
import Testing

/// A stack without monitoring still has clients who call the broker when their orders fail;
/// their reports reach the operators through the world itself (there is no console to address).
@Suite struct NoMonitoringTests {
    @Test func clientReportsReachTheOperatorsAndATapeRecordsThem() throws {
        var config = StackConfig.shortDay
        config.seed = 7
        config.monitoring = nil
        let tape = EventTape(detail: .all)
        // Half of what the Shenzhen gateway handles fails with an exception, 09:31–09:34.
        let from = SimTime.clock(9, 31)
        var exceptions = NodeImpairment()
        exceptions.refuseProbability = 0.5
        let run = try StackRun.run(config, plan: { world in
            let gateway = world.topology.node(named: "gateway-shenzhen-1")!
            return FaultSchedule(changes: [ScheduledChange(time: from, fault: 0, .impair(node: gateway, exceptions), starts: true),
                                           ScheduledChange(time: .clock(9, 34), fault: 0, .impair(node: gateway, exceptions), starts: false)])
        }, tape: tape)
        tape.finish()
        #expect(run.topology.node(named: "console") == nil)
        let first = try #require(run.clientReports.first, "clients whose orders fail report it")
        #expect(first.madeAt > from && first.reachesOperatorsAt > first.madeAt)
        let lines = tape.blocks.flatMap { $0.lines ?? [] }
        let reports = lines.filter { $0.contains(" world timer client_report ") }
        #expect(reports.count == run.clientReports.count, "one tape line per report, addressed to the world")
        #expect(reports.first?.hasSuffix(" world timer client_report 0") ?? false, "\(reports.first ?? "none")")
    }
}
