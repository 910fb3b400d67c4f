import Boundary
import Chaos
@testable import Explore
import Foundation
import Harness
import Reports
import Scenario
import Testing

@Suite struct CampaignTests {
    static func options(_ stages: [ExploreOptions.Stage], runs: Int) -> ExploreOptions {
        var o = ExploreOptions()
        o.stages = stages
        o.runs = runs
        o.kinds = [.hostCrash, .processKill]
        o.moments = ["continuous-peak"]
        o.shrinkRuns = 2
        return o
    }

    /// The same options give the same explore.json on one thread, as two shards (run on two
    /// threads, written, read back and merged), and with every day run from its start; every
    /// finding's file reads back as the explored stack with its minimal plan.
    @Test func oneJobOrTwoShardsGiveTheSameResult() throws {
        let prepared = try ExploreFixture.prepared()
        var options = CampaignTests.options([.contingency, .coverage], runs: 4)
        options.lanes = 2
        let one = try Campaign(prepared: prepared, options: options, jobs: 1).run()
        let sharded = try Campaign(prepared: prepared, options: options, jobs: 2)
        var parts: [(runs: [ExploredRun], shrunk: [Shrunk])] = []
        for k in [2, 1] {
            let (runs, shrunk) = sharded.run(shard: k, of: 2)
            let text = ExploreShard(campaign: sharded, index: k, count: 2, runs: runs, shrunk: shrunk).json.text()
            let back = try ExploreShard(parsing: text, file: "s\(k)/explore-shard.json")
            #expect(back.json.text() == text)
            parts.append(try back.decoded(on: sharded, file: "s\(k)"))
        }
        let two = try sharded.merge(parts)
        let text = ExploreJSON.document(one).text()
        #expect(text == ExploreJSON.document(two).text())
        // Every day run from its start gives the same as runs branched from the paused day.
        let whole = try Campaign(prepared: prepared, options: options, jobs: 2, branching: false).run()
        #expect(text == ExploreJSON.document(whole).text())
        #expect(!one.findings.isEmpty)
        // A run given twice is refused.
        #expect(throws: HarnessError.self) { try sharded.merge(parts + [parts[0]]) }
        #expect(one.runs.count == 4)
        #expect(one.runs.prefix(2).allSatisfy { $0.stage == .contingency && $0.plan.faults.count == 1 })
        #expect(one.runs.suffix(2).allSatisfy { $0.stage == .coverage })
        // The matrix holds each single-fault plan's component and kind once.
        let singles = Set(one.runs.filter { $0.plan.faults.count == 1 }.map { "\($0.plan.components[0]) \($0.plan.faults[0].kind)" })
        #expect(one.matrix.count == singles.count)
        #expect(Set(one.findings.map(\.file)).count == one.findings.count)
        for finding in one.findings {
            let file = try FindingFile.text(finding, result: one, scenarioText: ExploreFixture.tinyDayText, path: "findings/x.yaml")
            // The same from a scenario saved with Windows line ends.
            let crlf = ExploreFixture.tinyDayText.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\r\n")
            #expect(try FindingFile.text(finding, result: one, scenarioText: crlf, path: "findings/x.yaml") == file)
            #expect(file.contains("# expect: fail\n"))
            let document = try ScenarioFile.decodeDocument(file, file: "finding.yaml")
            #expect(document.faults == finding.minimal.faults)
            // An incident finding names the grade that fails its run; nothing else changes.
            var expected = prepared.config
            if finding.signature.failure == .incident { expected.sla.incidentsBelow = "major" }
            #expect(document.stack == expected)
        }
    }

    /// Merge reads shard files as untrusted input: every shard once, of one exploration, of
    /// files unchanged since, with plain strings.
    @Test func mergeChecksItsShards() throws {
        let (folder, path) = try ExploreFixture.write()
        defer { try? FileManager.default.removeItem(at: folder) }
        let boundary = try FileBoundary(root: folder.path)
        var options = CampaignTests.options([.contingency], runs: 2)
        options.lanes = 2
        let campaign = try Campaign(prepared: try PreparedRun.prepare(scenario: path, boundary: boundary), options: options)
        func write(_ name: String, _ text: String) throws -> String {
            let directory = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try text.write(toFile: directory.appendingPathComponent(ExploreShard.file).path, atomically: true, encoding: .utf8)
            return directory.path
        }
        var texts: [String] = []
        for k in 1...2 {
            let (runs, shrunk) = campaign.run(shard: k, of: 2)
            texts.append(ExploreShard(campaign: campaign, index: k, count: 2, runs: runs, shrunk: shrunk).json.text())
        }
        let s1 = try write("s1", texts[0]), s2 = try write("s2", texts[1])
        func failure(_ directories: [String]) -> String {
            do { _ = try ExploreMerge.merge(directories, jobs: 1, boundary: boundary); return "merged" } catch { return error.message }
        }
        let merged = try ExploreMerge.merge([s2, s1], jobs: 1, boundary: boundary)
        #expect(merged.result.runs.map(\.key) == [RunKey(part: .single, order: 0), RunKey(part: .single, order: 1)])
        #expect(merged.scenarioText == ExploreFixture.tinyDayText + "\n")
        #expect(failure([s1]).contains("shard 2/2 is missing"))
        #expect(failure([s1, s1]).contains("shard 1/2 is given twice"))
        let hostile = try write("s3", texts[1].replacingOccurrences(of: "\"origin\": \"n-1\"", with: "\"origin\": \"\\u001b[2J\""))
        #expect(failure([s1, hostile]).contains("holds control characters"))
        #expect(!failure([s1, hostile]).contains("\u{1b}"))
        let other = try write("s4", texts[1].replacingOccurrences(of: "\"lanes\": 2", with: "\"lanes\": 3"))
        #expect(failure([s1, other]).contains("other options"))
        let budget = try write("s5", texts[1].replacingOccurrences(of: "\"max_events\": 5000000000", with: "\"max_events\": 1000"))
        #expect(failure([s1, budget]).contains("run budget"))
        // Shard 1's runs under shard 2's name: not of its lanes.
        let posing = try write("s6", texts[0].replacingOccurrences(of: "\"shard\": 1,", with: "\"shard\": 2,"))
        #expect(failure([s1, posing]).contains("is not of shard 2/2's lanes"), "\(failure([s1, posing]))")
        try (ExploreFixture.tinyDayText + "\n# changed\n").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(failure([s1, s2]).contains("has changed since the shards ran"), "\(failure([s1, s2]))")
    }

    /// A run is judged against the day without faults: a normal-tier instance (no standby)
    /// crashed for 28 minutes from the peak holds the orders routed to it, so class III's normal
    /// rows (and the queries behind them) fail and online trading is graded a major incident; the fault-free day, judged the
    /// same way, has nothing.
    @Test func judgedAgainstTheBaseline() throws {
        let prepared = try ExploreFixture.prepared()
        var options = CampaignTests.options([.contingency], runs: 1)
        options.kinds = [.hostCrash]
        let campaign = try Campaign(prepared: prepared, options: options)
        #expect(campaign.judge.baselineInvariants.isEmpty && campaign.judge.baselineSLAs.isEmpty)
        let menu = campaign.menu
        let k = menu.kinds.firstIndex(of: .hostCrash)!
        let normal = menu.targets[k].first { menu.components[$0].name == "normal-shenzhen-1" }!
        let prefix = GeneratedPlan.prefix(kind: k, component: normal, moment: 0, menu: menu) + [0, UInt32(FaultMenu.durationSteps - 1)]
        let plan = GeneratedPlan.replay(ChoiceSequence(prefix), menu: menu, maxFaults: 1)
        #expect(plan.faults[0].duration == .minutes(28), "30 minutes, cut to end two minutes before the day")
        let outcome = try #require(campaign.trial.run(plan).outcome)
        // Queries wait behind the orders at the tier too.
        #expect(outcome.slas.map(\.name) == ["latency I query dispatch p99", "latency II query dispatch p99", "latency III C1 normal p99",
                                             "latency III C2 normal p99", "latency III query dispatch p99"])
        #expect(outcome.slas.map(\.subject) == ["latency dispatch", "latency dispatch", "latency normal", "latency normal", "latency dispatch"])
        #expect(outcome.incidents == ["online_trading major"])
        #expect(outcome.failure == .incident)
        #expect(outcome.signature(families: plan.families(in: menu)) == Signature(failure: .incident, subject: "online_trading major", families: ["normal tier"]))
        #expect(outcome.detail.hasPrefix("online_trading graded major"))
        let clean = campaign.judge.outcome(campaign.baseline, plan: [])
        #expect(clean.failure == nil && clean.reached.isEmpty)
    }
}
