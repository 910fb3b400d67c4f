import Chaos
import Foundation
import Kernel
@testable import Scenario
import Stack
import Testing

/// Values each inside a field's type but meaningless for a trading day: refused with the
/// field's place, never clamped or read as something else behind the user's back.
@Suite struct NonsenseTests {
    @Test func timesOfDayEndAtMidnight() throws {
        let end = try #require(decodeError("day: { end: \"25:00:00\" }\n"))
        #expect(end.line == 1 && end.field == "day.end" && end.message.contains("00:00:00 to 24:00:00"), "\(end)")
        let start = try #require(decodeError("faults:\n  - { name: a, kind: link_cut, between: [shenzhen, shanghai], start: \"99:00:00\" }\n"))
        #expect(start.line == 2, "\(start)")
    }

    @Test func aPopulationThatCanSendNothingIsRefused() throws {
        let zero = try #require(decodeError("clients:\n  - class: I\n    profile: [ { from: \"09:30:00\", to: \"11:30:00\", weight: 0 }, { from: \"13:00:00\", to: \"14:57:00\", weight: 0 } ]\n"))
        #expect(zero.line == 3 && zero.message.contains("weight is 0"), "\(zero)")
        // One window with weight is a day with orders.
        #expect(decodeError("clients:\n  - class: I\n    profile: [ { from: \"09:30:00\", to: \"11:30:00\", weight: 0 }, { from: \"13:00:00\", to: \"14:57:00\", weight: 1 } ]\n") == nil)
    }

    @Test func quantitiesOutsideTheirMeaningAreRefusedNotClamped() throws {
        let cases: [(String, String)] = [
            ("clients:\n  - class: I\n    order_lots: -5\n", "an order in lots must be above 0"),
            ("clients:\n  - class: I\n    order_lots: 0\n", "an order in lots must be above 0"),
            ("clients:\n  - class: I\n    order_lots: { normal: { mean: 5, sd: 2 } }\n", "normal distribution can draw"),
            ("clients:\n  - class: I\n    order_lots: { uniform: { low: 1, high: 5000 } }\n", "at most 1000"),
            ("clients:\n  - class: I\n    cash_yuan: -1e300\n", "cash in yuan must be at least 0"),
            ("clients:\n  - class: I\n    holding_lots: -1\n", "a holding in lots must be at least 0"),
            ("exchanges:\n  sse: { previous_close_yuan: 0 }\n", "a previous close in yuan must be above 0"),
            ("exchanges:\n  sse: { previous_close_yuan: -10 }\n", "a previous close in yuan must be above 0"),
            ("links:\n  internet: { bandwidth_mbps: 0 }\n", "megabits per second"),
        ]
        for (text, expected) in cases {
            let e = decodeError(text)
            #expect(e?.message.contains(expected) == true, "\(text): \(String(describing: e))")
            #expect((e?.line ?? 0) > 1, "\(text): located")
        }
        // What the shipped scenarios write still reads.
        #expect(decodeError("clients:\n  - class: I\n    order_lots: { lognormal: { median: 5, sigma: 1 } }\n    cash_yuan: { lognormal: { median: 200000, sigma: 1 } }\n") == nil)
    }

    @Test func twoUsesOfOneDefinitionNeedTheirOwnNames() throws {
        let file = packageRoot.appendingPathComponent("Scenarios/uses.yaml").path
        let twice = try #require(decodeErrorAt(file, "faults:\n  - { use: fast-tier-crash, start: \"10:00:00\" }\n  - { use: fast-tier-crash, start: \"11:00:00\" }\n"))
        #expect(twice.line == 3 && twice.message.contains("declared twice"), "\(twice)")
        let named = try ScenarioFile.decodeDocument("faults:\n  - { use: fast-tier-crash, start: \"10:00:00\" }\n  - { use: fast-tier-crash, name: again, start: \"11:00:00\" }\n", file: file)
        #expect(named.faults.map(\.name) == ["fast-tier-crash", "again"])
    }

    @Test func aFaultDefinitionIsCheckedAsItselfWhereverItLies() throws {
        // A broken copy of a shipped definition, outside Faults/: its own error, not the shipped file's "ok".
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("definition-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("fast-tier-crash.yaml").path
        try "kind: host_crash\ntarget: fast-mars-1\n".write(toFile: path, atomically: true, encoding: .utf8)
        let e = #expect(throws: ScenarioError.self) { try ScenarioFile.documentUsing(definition: path) }
        #expect(e?.file == path && e?.line == 2 && e?.message.contains("fast-mars-1") == true, "\(String(describing: e))")
    }

    @Test func aPolicyRuleNamesOnlyItsOwnSystems() throws {
        let policy = """
            name: p
            systems:
              online_trading: { classes: [III] }
            grades:
              - name: major
                rules:
                  - { systems: [online_tradng], extent: full, cumulative_at_least: "5m" }

            """
        let e = #expect(throws: ScenarioError.self) { try PolicyFile.decode(policy, file: "p.yaml") }
        #expect(e?.line == 7 && e?.message.contains("did you mean \"online_trading\"") == true, "\(String(describing: e))")
        #expect(throws: Never.self) { try PolicyFile.decode(policy.replacingOccurrences(of: "online_tradng", with: "any"), file: "p.yaml") }
        let shipped = try PolicyFile.load(path: packageRoot.appendingPathComponent("Faults/policies/csrc-2012.yaml").path)
        for rule in shipped.grades.flatMap(\.rules) {
            for s in rule.systems { #expect(s == "any" || shipped.systems.contains { $0.name == s }, "\(s)") }
        }
    }

    @Test func valuesAreQuotedShortAndEscapedWhateverTheField() throws {
        let token = "\\e]0;" + String(repeating: "k", count: 200)
        for text in ["exchanges:\n  sse: { symbols: \"\(token)\" }\n", "links:\n  internet: { delay: \"\(token)\" }\n",
                     "gateway:\n  processing: \"\(token)\"\n", "exchanges:\n  sse: { symbols: 1\(String(repeating: "0", count: 300)) }\n"] {
            let e = try #require(decodeError(text))
            #expect(!e.description.contains("\u{1b}") && !e.description.contains(String(repeating: "k", count: 30))
                    && !e.description.contains(String(repeating: "0", count: 30)), "\(e)")
        }
        let policy = "name: p\nsystems:\n  \"\\e[2Jbad\": { classes: [III] }\ngrades:\n  - { name: g, rules: [ { systems: [any], extent: full, cumulative_at_least: 5m } ] }\n"
        let e = #expect(throws: ScenarioError.self) { try PolicyFile.decode(policy, file: "p.yaml") }
        #expect(e?.line == 3 && e?.message.contains("a system's name") == true && e?.description.contains("\u{1b}") == false, "\(String(describing: e))")
    }

    @Test func namesAreShortAndQuotedShort() throws {
        let long = try #require(decodeError("name: " + String(repeating: "n", count: 300) + "\n"))
        #expect(long.message.contains("at most 64"), "\(long)")
        let odd = try #require(decodeError("name: \"a/../../b\\e[2J\"\n"))
        #expect(odd.message.contains("letters, digits") && !odd.message.contains("\u{1b}"), "\(odd)")
    }
}
