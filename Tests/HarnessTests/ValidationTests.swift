import Chaos
import Foundation
import Harness
import Scenario
import Testing

/// `validate` and `faults`: every problem reported, located; the catalogue complete.
@Suite struct ValidationTests {
    /// Every YAML file the repository ships, with the kind its folder gives it, but for the
    /// scale scenarios: the exchange day builds a stack of ten million accounts, half a minute
    /// in a debug build, and `.ci/run` validates every shipped file, those too, in a release
    /// build. (One test case each, so the slow ones run beside the rest instead of after them.)
    static let shippedFiles: [(String, InputFileKind)] = {
        let root = TinyDay.root
        var files: [(String, InputFileKind)] = []
        for (folder, kind) in [("Scenarios", InputFileKind.scenario), ("Scenarios/layouts", .layout),
                               ("Faults", .fault), ("Faults/policies", .policy)] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)) ?? []
            for name in names.filter({ $0.hasSuffix(".yaml") }).sorted() {
                files.append((root.appendingPathComponent("\(folder)/\(name)").path, kind))
            }
        }
        return files
    }()

    @Test func theShippedFilesAreFoundInEveryFolder() {
        for kind in InputFileKind.allCases {
            #expect(Self.shippedFiles.contains { $0.1 == kind }, "no shipped \(kind) file found")
        }
        #expect(Self.shippedFiles.contains { $0.0.hasSuffix("Scenarios/default.yaml") })
    }

    @Test(arguments: shippedFiles)
    func everyShippedFileIsValidAndOfItsKind(file: String, kind: InputFileKind) {
        let report = Validation.check(file)
        #expect(report.kind == kind, "\(file)")
        #expect(report.problems.isEmpty, "\(file): \(report.problems)")
    }

    @Test func problemsAreCollectedPerSectionAndLocated() throws {
        let folder = try TinyDay.temporaryFolder("validate")
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try TinyDay.write(name: "broken", extra: "tiers:\n  fast:\n    concurency: 4\nsla:\n  percentile: 200\nrouting:\n  I: { A1: warp }\n",
                                         in: folder)
        // The fixture's own lines come first; the extra sections start after them.
        let n = try String(contentsOfFile: TinyDay.fixture, encoding: .utf8).components(separatedBy: "\n").count - 1
        let report = Validation.check(scenario, boundary: TinyDay.boundary(folder))
        #expect(report.kind == .scenario)
        let lines = report.problems
        #expect(lines.count == 3, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("\(scenario):\(n + 3):5: tiers.fast: unknown key \"concurency\"") })
        #expect(lines.contains { $0.hasPrefix("\(scenario):\(n + 5):15: sla.percentile:") })
        #expect(lines.contains { $0.hasPrefix("\(scenario):\(n + 7):12: routing.I.A1:") })
        // A fault whose target does not exist is caught when the plan is built.
        let faulty = try TinyDay.write(name: "faulty", extra: "faults:\n  - { name: gone, kind: host_crash, target: fast-mars-1, start: \"09:31:00\" }\n", in: folder)
        let f = Validation.check(faulty, boundary: TinyDay.boundary(folder))
        #expect(f.problems.count == 1 && f.problems[0].contains("fast-mars-1"), "\(f.problems)")
        // Each broken fault of the list is reported, not only the first.
        let two = try TinyDay.write(name: "two", extra: """
            faults:
              - { name: a, kind: host_crash, target: fast-mars-1, start: "09:31:00" }
              - { name: b, kind: link_latency, between: [shenzhen, shanghai], start: "09:32:00" }
              - { name: c, kind: host_crash, target: fast-shenzhen-1, start: "09:33:00" }
            """, in: folder)
        let t = Validation.check(two, boundary: TinyDay.boundary(folder)).problems
        #expect(t.count == 2, "\(t)")
        #expect(t.count == 2 && t[0].contains(":\(n + 2):") && t[0].contains("fast-mars-1"))
        #expect(t.count == 2 && t[1].contains(":\(n + 3):") && t[1].contains("a link_latency fault needs delay"))
        // A fault definition is checked against the built-in stack; its errors point into it.
        let faults = folder.appendingPathComponent("Faults")
        let definition = faults.appendingPathComponent("slow-link.yaml").path
        try "kind: link_latency\nbetween: [shenzhen, shanghai]\ndelay: fast\n".write(toFile: definition, atomically: true, encoding: .utf8)
        let d = Validation.check(definition, boundary: TinyDay.boundary(folder))
        #expect(d.kind == .fault)
        #expect(d.problems.count == 1 && d.problems[0].hasPrefix("\(definition):3:8: "), "\(d.problems)")
        #expect(Validation.check(folder.appendingPathComponent("nothing.yaml").path, boundary: TinyDay.boundary(folder)).problems == ["\(folder.path)/nothing.yaml: does not exist"])
    }

    @Test func theCatalogueListsEveryKindAndShowsOneInFull() throws {
        let list = FaultCatalogue.list()
        for kind in FaultKind.allCases { #expect(list.contains("  \(kind.rawValue) "), "\(kind)") }
        let show = try FaultCatalogue.show("rate-limit", faultsDirectory: TinyDay.root.appendingPathComponent("Faults").path)
        #expect(show.hasPrefix("rate_limit (request interception)\n"))
        #expect(show.contains("  rate  instructions admitted per second; the rest refused as busy; required"))
        #expect(show.contains("kind: rate_limit"))
        let generated = try FaultCatalogue.show("clock_skew", faultsDirectory: "/nonexistent")
        #expect(generated.contains("- { name: my-clock-skew, kind: clock_skew, target: fast-shenzhen-1, start: \"10:00:00\", duration: 5m, offset: … }"))
        #expect(throws: HarnessError.input("no fault kind \"host-crsh\"; did you mean \"host_crash\"? (`firedrill faults list` shows them all)")) {
            _ = try FaultCatalogue.show("host-crsh")
        }
    }
}
