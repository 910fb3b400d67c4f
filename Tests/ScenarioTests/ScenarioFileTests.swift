import Chaos
import Foundation
import Kernel
@testable import Scenario
import Stack
import Testing

/// The package root, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func decodeErrorAt(_ file: String, _ text: String) -> ScenarioError? {
    do { _ = try ScenarioFile.decodeDocument(text, file: file); return nil } catch { return error }
}

func decodeError(_ text: String) -> ScenarioError? {
    do { _ = try ScenarioFile.decode(text, file: "bad.yaml"); return nil } catch { return error }
}

@Suite struct ScenarioFileTests {
    @Test func everyShippedScenarioDecodesAndBuilds() throws {
        let dir = packageRoot.appendingPathComponent("Scenarios")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(files.contains("default.yaml") && files.contains("short-day.yaml"))
        for file in files {
            let path = dir.appendingPathComponent(file).path
            let config = try ScenarioFile.load(path: path)
            #expect(!config.populations.isEmpty, "\(file)")
            // CI checks each run's verdict against the one the header declares.
            let header = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").prefix { $0.hasPrefix("#") }
            #expect(header.filter { $0 == "# expect: pass" || $0 == "# expect: fail" }.count == 1, "\(file) declares its verdict once")
        }
    }

    @Test func theShortDayFileIsTheBuiltInShortDay() throws {
        let config = try ScenarioFile.load(path: packageRoot.appendingPathComponent("Scenarios/short-day.yaml").path)
        #expect(config == StackConfig.shortDay)
    }

    @Test func theDefaultScenarioIsAMillionClientBrokerOnSpecsTables() throws {
        let config = try ScenarioFile.load(path: packageRoot.appendingPathComponent("Scenarios/default.yaml").path)
        let clients = config.populations.reduce(0) { $0 + $1.clients }
        #expect(clients >= 900_000 && clients <= 1_100_000)
        #expect(config.dayStart == .clock(7, 0) && config.dayEnd == .clock(16, 0))
        #expect(config.routing == RoutingTable.standard)
        #expect(config.sla == SLATargets.standard)
        #expect(config.venues.allSatisfy { $0.symbols >= 200 })
        let sz = config.distances.first { Set([$0.a, $0.b]) == ["shenzhen", "shanghai"] }!
        // SPEC §4: Shenzhen–Shanghai is 11–14 ms one way at 5 µs per km.
        #expect(sz.km * 5_000 >= 11_000_000 && sz.km * 5_000 <= 14_000_000)
    }

    @Test func aShortFileTakesTheDefaults() throws {
        let config = try ScenarioFile.decode("name: tiny\nseed: 5\n", file: "tiny.yaml")
        var expected = StackConfig()
        expected.name = "tiny"
        expected.seed = 5
        #expect(config == expected)
    }

    @Test func anUnknownKeyNamesItsPlaceAndSuggests() throws {
        let e = try #require(decodeError("name: x\ntierz:\n  fast: {}\n"))
        #expect(e.line == 2 && e.column == 1)
        #expect(e.description.hasPrefix("bad.yaml:2:1: "))
        #expect(e.message.contains("unknown key \"tierz\"") && e.message.contains("did you mean \"tiers\"?"))

        let nested = try #require(decodeError("tiers:\n  fast:\n    concurency: 4\n"))
        #expect(nested.line == 3 && nested.column == 5 && nested.field == "tiers.fast")
        #expect(nested.message.contains("did you mean \"concurrency\"?"))
    }

    @Test func aBadValueNamesTheFieldAndWhatWasExpected() throws {
        let e = try #require(decodeError("tiers:\n  normal:\n    service_fixed: 3 parsecs\n"))
        #expect(e.line == 3 && e.column == 20 && e.field == "tiers.normal.service_fixed")
        let site = try #require(decodeError("tiers:\n  fast:\n    instances: { shenzen: 2 }\n"))
        #expect(site.line == 3 && site.message.contains("did you mean \"shenzhen\"?"))
        let number = try #require(decodeError("clients:\n  - class: II\n    clients: many\n"))
        #expect(number.line == 3 && number.column == 14 && number.field == "clients[0].clients")
        #expect(number.message.contains("expected a whole number"))
        let range = try #require(decodeError("clients:\n  - class: III\n    cancel_probability: 1.5\n"))
        #expect(range.message.contains("probability") && range.field == "clients[0].cancel_probability")
        let tier = try #require(decodeError("routing:\n  I: { A1: extrme }\n"))
        #expect(tier.line == 2 && tier.message.contains("did you mean \"extreme\"?"))
    }

    @Test func brokenYAMLIsLocated() throws {
        let e = try #require(decodeError("name: x\nday:\n  start: \"09:00:00\n  end: x\n"))
        #expect(e.line >= 3 && e.message.hasPrefix("invalid YAML"))
        let tabs = try #require(decodeError("name: x\n\tseed: 2\n"))
        #expect(tabs.line == 2)
    }

    @Test func aRouteToATierTheScenarioDoesNotRunIsRefused() throws {
        let e = try #require(decodeError("tiers:\n  fast: {}\n  normal: {}\n"))
        #expect(e.message.contains("routed to the extreme tier"))
        #expect(e.line == 1)
    }

    @Test func crossFieldMistakesAreRefused() throws {
        let day = try #require(decodeError("day: { start: \"10:00:00\", end: \"09:00:00\" }\n"))
        #expect(day.line == 1 && day.field == "day")
        let late = try #require(decodeError("day: { start: \"09:20:00\" }\n"))
        #expect(late.message.contains("opening call auction"))
        let early = try #require(decodeError("day: { clearing_at: \"14:00:00\" }\n"))
        #expect(early.line == 1 && early.message.contains("after the close"))
        let twice = try #require(decodeError("clients:\n  - class: I\n  - class: I\n"))
        #expect(twice.line == 3 && twice.message.contains("appears twice"))
        let primary = try #require(decodeError("sites:\n  - { name: a, role: secondary }\n"))
        #expect(primary.message.contains("primary"))
        let distance = try #require(decodeError("sites:\n  - { name: a, role: primary }\n  - { name: b }\ngateway:\n  instances: { a: 1, b: 1 }\n"))
        #expect(distance.message.contains("no distance between a and b"))
    }

    @Test func valuesThatWouldOverflowOrHangAreRefused() throws {
        let sigma = try #require(decodeError("gateway:\n  processing: { lognormal: { median: 1ms, sigma: 10 } }\n"))
        #expect(sigma.line == 2 && sigma.message.contains("sigma"))
        let delay = try #require(decodeError("links:\n  internet: { delay: 200000h }\n"))
        #expect(delay.line == 2 && delay.message.contains("at most"))
        let many = try #require(decodeError("tiers:\n  normal: { instances: { shenzhen: 1000 } }\n"))
        #expect(many.line == 2 && many.message.contains("whole number in 0…16"))
        let watch = try #require(decodeError("exchanges:\n  sse: { symbols: 1 }\n"))
        #expect(watch.message.contains("watchlist"))
        let late = try #require(decodeError("clients:\n  - class: III\n    profile: [ { from: \"14:00:00\", to: \"15:59:00\" } ]\n"))
        #expect(late.message.contains("after the close"))
        let zeroMix = try #require(decodeError("tiers:\n  fast: {}\n  normal: {}\nclients:\n  - class: I\n    business_mix: { A1: 0, A2: 1 }\n"))
        #expect(zeroMix.message.contains("routed to the extreme tier"))
    }

    @Test func faultsAreReadAndCheckedAgainstTheStack() throws {
        let text = """
            faults:
              - { name: crash, kind: host_crash, target: fast-shenzhen-1, start: "10:30:00", duration: 2m }
              - { name: slow, kind: link_latency, between: [shenzhen, shanghai], start: "10:00:00", delay: 5ms }
              - { name: cpu, kind: cpu_load, target: [normal-shenzhen-1, normal-shenzhen-2], start: "11:00:00", duration: 5m, factor: 4 }

            """
        let document = try ScenarioFile.decodeDocument(text, file: "f.yaml")
        #expect(document.faults.count == 3)
        #expect(document.faults[0] == FaultSpec(name: "crash", kind: .hostCrash, nodes: ["fast-shenzhen-1"], start: .clock(10, 30), duration: .minutes(2)))
        #expect(document.faults[1] == FaultSpec(name: "slow", kind: .linkLatency, between: ["shenzhen", "shanghai"], start: .clock(10, 0), delay: .milliseconds(5)))
        #expect(document.faults[2].nodes == ["normal-shenzhen-1", "normal-shenzhen-2"] && document.faults[2].factor == 4)

        func fault(_ body: String) -> ScenarioError? { decodeError("faults:\n  - " + body + "\n") }
        let kind = try #require(fault("{ name: a, kind: host_crsh, target: fast-shenzhen-1, start: \"10:00:00\" }"))
        #expect(kind.line == 2 && kind.message.contains("did you mean \"host_crash\"?"))
        let node = try #require(fault("{ name: a, kind: host_crash, target: fast-shenzen-1, start: \"10:00:00\" }"))
        #expect(node.message.contains("did you mean \"fast-shenzhen-1\"?"))
        let exchange = try #require(fault("{ name: a, kind: host_crash, target: sse, start: \"10:00:00\" }"))
        #expect(exchange.message.contains("sse is an exchange; host_crash applies to gateway, tier"))
        let missing = try #require(fault("{ name: a, kind: link_latency, between: [shenzhen, shanghai], start: \"10:00:00\" }"))
        #expect(missing.message.contains("needs delay"))
        let wrongKey = try #require(fault("{ name: a, kind: link_cut, between: [shenzhen, shanghai], start: \"10:00:00\", factor: 2 }"))
        #expect(wrongKey.message.contains("unknown key \"factor\""))
        let late = try #require(fault("{ name: a, kind: link_cut, between: [shenzhen, shanghai], start: \"15:50:00\", duration: 1h }"))
        #expect(late.message.contains("after the day"))
    }

    @Test func aFaultCanStartFromADefinitionInFaults() throws {
        let file = packageRoot.appendingPathComponent("Scenarios/uses.yaml").path
        let text = """
            faults:
              - { use: fast-tier-crash, start: "10:00:00" }
              - { use: inter-site-latency, name: slower, start: "11:00:00", delay: 8ms }

            """
        let document = try ScenarioFile.decodeDocument(text, file: file)
        #expect(document.faults[0] == FaultSpec(name: "fast-tier-crash", kind: .hostCrash, nodes: ["fast-shenzhen-1"],
                                                start: .clock(10, 0), duration: .minutes(2)))
        #expect(document.faults[1] == FaultSpec(name: "slower", kind: .linkLatency, between: ["shenzhen", "shanghai"],
                                                start: .clock(11, 0), duration: .minutes(10), delay: .milliseconds(8)))
        // Every definition shipped in Faults/ can be used as it is.
        let faults = try FileManager.default.contentsOfDirectory(atPath: packageRoot.appendingPathComponent("Faults").path)
            .filter { $0.hasSuffix(".yaml") }.sorted()
        var kinds = Set<FaultKind>()
        // It resolves against the default stack, too (built once: every use decodes to it).
        var hub = TraceHub()
        let world = try StackWorld(config: document.stack, recorderPoints: &hub)
        for name in faults.map({ String($0.dropLast(5)) }) {
            let used = try ScenarioFile.decodeDocument("faults:\n  - { use: \(name), start: \"10:00:00\" }\n", file: file)
            #expect(used.faults.first?.name == name)
            kinds.insert(used.faults[0].kind)
            #expect(used.stack == document.stack)
            #expect(try FaultPlan.schedule(used.faults, world: world).faults.count == 1, "\(name)")
        }
        #expect(kinds == Set(FaultKind.allCases), "a definition in Faults/ for every kind of the catalogue")
        let missing = try #require(decodeErrorAt(file, "faults:\n  - { use: no-such-fault, start: \"10:00:00\" }\n"))
        #expect(missing.line == 2 && missing.message.contains("no fault definition \"no-such-fault\""))
        let bad = try #require(decodeErrorAt(file, "faults:\n  - { use: fast-tier-crash, start: \"10:00:00\", delay: 5ms }\n"))
        #expect(bad.message.contains("unknown key \"delay\" for a host_crash fault"))
    }

    @Test func didYouMeanOnlySuggestsCloseWords() {
        #expect(Suggestion.closest(to: "tierz", in: Reader.topKeys) == "tiers")
        #expect(Suggestion.closest(to: "xyzzy", in: Reader.topKeys) == nil)
        #expect(Suggestion.distance("kitten", "sitting") == 3)
    }
}
