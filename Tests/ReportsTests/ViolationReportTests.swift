import Kernel
import Reports
import Scoring
import Stack
import Testing

/// A run stopped by an invariant broken as it went on names it in result.json and report.md.
@Suite struct ViolationReportTests {
    @Test func resultJSONAndTheReportNameTheBrokenInvariant() throws {
        var config = StackConfig.shortDay
        config.seed = 7
        let clean = try StackRun.run(config)
        // A filled order's client is told a second time that it ended.
        let k = try #require((0..<clean.recorder.orderCount).first { clean.recorder.outcome[$0] == .filled })
        let h = clean.orders[OrderIndex(k)]
        let forged = ForgedMessage(time: .clock(9, 40), from: try #require(h.gateway), to: h.population, .closed(OrderIndex(k), remaining: 0, cause: .requested))
        let run = try StackRun.run(config, plan: { _ in FaultSchedule(forged: [forged]) })
        let report = RunReport(run: run, card: Scorecard(run), scenarioFile: "Scenarios/short-day.yaml", wallSeconds: 1, peakMemoryBytes: 1)
        let json = report.resultJSON.text()
        #expect(json.contains("\"invariant\": \"order_transitions_legal\""), "\(json.prefix(400))")
        #expect(json.contains("\"order\": \(k)"))
        #expect(json.contains("\"verdict\": \"fail\""))
        #expect(report.markdown.contains("order_transitions_legal broke"))
        // A clean run says there was none.
        let cleanJSON = RunReport(run: clean, card: Scorecard(clean), scenarioFile: "Scenarios/short-day.yaml", wallSeconds: 1, peakMemoryBytes: 1)
            .resultJSON.text()
        #expect(cleanJSON.contains("\"violation\": null"))
    }
}
