import Foundation
import Testing

/// A repository as a hostile pull request would leave it, run as CI runs it: from its root,
/// with a secret in the environment. Nothing outside it is read, written or deleted, and the
/// secret never reaches the log.
@Suite struct TrustBoundaryTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let tinyDay = root.appendingPathComponent("Tests/Fixtures/Scenarios/tiny-day.yaml")
    static let secret = "s3cr3t-\(UUID().uuidString)"

    /// `repo/` with the tiny day and the grading policy, and `outside/` beside it with one file.
    struct Place {
        let base: URL
        var repo: URL { base.appendingPathComponent("repo") }
        var outside: URL { base.appendingPathComponent("outside") }

        init() throws {
            base = FileManager.default.temporaryDirectory.appendingPathComponent("firedrill-trust-\(UUID().uuidString)")
            for folder in ["repo/Scenarios", "repo/Faults/policies", "outside"] {
                try FileManager.default.createDirectory(at: base.appendingPathComponent(folder), withIntermediateDirectories: true)
            }
            try FileManager.default.copyItem(at: TrustBoundaryTests.tinyDay, to: repo.appendingPathComponent("Scenarios/tiny-day.yaml"))
            try FileManager.default.copyItem(at: TrustBoundaryTests.root.appendingPathComponent("Faults/policies/csrc-2012.yaml"),
                                             to: repo.appendingPathComponent("Faults/policies/csrc-2012.yaml"))
            try "keep me\n".write(to: outside.appendingPathComponent("precious.txt"), atomically: true, encoding: .utf8)
        }

        func write(_ text: String, to path: String) throws { try text.write(to: repo.appendingPathComponent(path), atomically: true, encoding: .utf8) }
        func link(_ path: String, to target: String) throws {
            try FileManager.default.createSymbolicLink(atPath: repo.appendingPathComponent(path).path, withDestinationPath: target)
        }
        func run(_ arguments: [String]) throws -> FireDrillProcess.Result {
            try FireDrillProcess.run(arguments, in: repo, environment: ["FIREDRILL_TEST_TOKEN": TrustBoundaryTests.secret])
        }
        /// What is outside now: it must still be exactly the one file, unchanged.
        func outsideIsUntouched() throws -> Bool {
            try FileManager.default.contentsOfDirectory(atPath: outside.path) == ["precious.txt"]
                && String(contentsOf: outside.appendingPathComponent("precious.txt"), encoding: .utf8) == "keep me\n"
        }
        func remove() { try? FileManager.default.removeItem(at: base) }
    }

    @Test("a fault definition or scenario linked to /proc/self/environ or out of the repository is refused, and no secret is printed")
    func linksToSecretsAreRefused() throws {
        let place = try Place()
        defer { place.remove() }
        try place.link("Faults/evil.yaml", to: "/proc/self/environ")
        try place.link("Faults/away.yaml", to: place.outside.appendingPathComponent("precious.txt").path)
        let tiny = try String(contentsOf: TrustBoundaryTests.tinyDay, encoding: .utf8)
        for (name, use) in [("evil", "evil"), ("away", "away")] {
            try place.write(tiny + "faults:\n  - { use: \(use), start: \"09:31:00\" }\n", to: "Scenarios/\(name).yaml")
            for command in [["validate", "Scenarios/\(name).yaml"], ["run", "Scenarios/\(name).yaml", "--quiet"]] {
                let r = try place.run(command)
                #expect(r.status == 2, "\(command): \(r.stdout)\n\(r.stderr)")
                #expect((r.stdout + r.stderr).contains("Faults/\(use).yaml"), "\(r.stdout)\n\(r.stderr)")
                #expect(!r.stderr.contains(TrustBoundaryTests.secret) && !r.stdout.contains(TrustBoundaryTests.secret))
                #expect(!r.stderr.contains("keep me"))
            }
        }
        // A scenario that is itself such a link, as a glob over Scenarios/ would pass it.
        try place.link("Scenarios/environ.yaml", to: "/proc/self/environ")
        for command in [["validate", "Scenarios/environ.yaml"], ["run", "Scenarios/environ.yaml"], ["sweep", "Scenarios/environ.yaml", "--seeds", "1", "--out", "sw"]] {
            let r = try place.run(command)
            #expect(r.status == 2 && (r.stdout + r.stderr).contains("never reads"), "\(command): \(r.stdout)\n\(r.stderr)")
            #expect(!r.stderr.contains(TrustBoundaryTests.secret))
        }
        #expect(try place.outsideIsUntouched())
    }

    @Test("a committed link in Results/ or in a sweep's folder is never written through, and nothing outside is deleted")
    func outputLinksAreRefused() throws {
        let place = try Place()
        defer { place.remove() }
        // run's default folder, Results/<name>/<seed>, through a link at Results/tiny-day.
        try FileManager.default.createDirectory(at: place.repo.appendingPathComponent("Results"), withIntermediateDirectories: true)
        try place.link("Results/tiny-day", to: place.outside.path)
        let run = try place.run(["run", "Scenarios/tiny-day.yaml", "--quiet"])
        #expect(run.status == 2 && run.stderr.contains("symbolic link"), "\(run.stderr)")
        // A sweep folder whose seeds/ leads outside: nothing is removed or written there.
        try FileManager.default.createDirectory(at: place.repo.appendingPathComponent("sweep"), withIntermediateDirectories: true)
        try place.link("sweep/seeds", to: place.outside.path)
        try "{}".write(to: place.outside.appendingPathComponent("1.json"), atomically: true, encoding: .utf8)
        let sweep = try place.run(["sweep", "Scenarios/tiny-day.yaml", "--seeds", "1-2", "--jobs", "1", "--out", "sweep", "--quiet"])
        #expect(sweep.status == 2, "\(sweep.stdout)\n\(sweep.stderr)")
        #expect(FileManager.default.fileExists(atPath: place.outside.appendingPathComponent("1.json").path))
        try FileManager.default.removeItem(at: place.outside.appendingPathComponent("1.json"))
        // A folder holding someone else's files is not adopted.
        try FileManager.default.createDirectory(at: place.repo.appendingPathComponent("mine"), withIntermediateDirectories: true)
        try place.write("notes", to: "mine/notes.txt")
        let foreign = try place.run(["run", "Scenarios/tiny-day.yaml", "--out", "mine", "--quiet"])
        #expect(foreign.status == 2 && foreign.stderr.contains("which FireDrill did not write"), "\(foreign.stderr)")
        // --junit at a link, and a tape at a link.
        try place.link("junit.xml", to: place.outside.appendingPathComponent("precious.txt").path)
        let junit = try place.run(["run", "Scenarios/tiny-day.yaml", "--out", "out", "--junit", "junit.xml", "--quiet"])
        #expect(junit.status == 2 && junit.stderr.contains("junit.xml: is a symbolic link"), "\(junit.stderr)")
        // A streamed output (book generate --out) at a link: refused; at a plain name: written in full.
        try place.link("day.csv", to: place.outside.appendingPathComponent("precious.txt").path)
        let day = try place.run(["book", "generate", "--exchange", "sse", "--orders", "200", "--seed", "1", "--out", "day.csv"])
        #expect(day.status == 2 && day.stderr.contains("day.csv: is a symbolic link"), "\(day.stderr)")
        let plain = try place.run(["book", "generate", "--exchange", "sse", "--orders", "200", "--seed", "1", "--out", "plain.csv"])
        #expect(plain.status == 0, "\(plain.stderr)")
        let rows = try String(contentsOf: place.repo.appendingPathComponent("plain.csv"), encoding: .utf8).split(separator: "\n")
        #expect(rows.first == "time,order_id,symbol,side,type,price,qty" && rows.count == 201, "\(rows.count) lines")
        try place.link("t.tape", to: place.outside.appendingPathComponent("precious.txt").path)
        let tape = try place.run(["record", "Scenarios/tiny-day.yaml", "--tape", "t.tape", "--quiet"])
        #expect(tape.status == 2, "\(tape.stderr)")
        #expect(try place.outsideIsUntouched())
        // A folder a run wrote is a run's to write again.
        let again = try place.run(["run", "Scenarios/tiny-day.yaml", "--out", "out", "--quiet"])
        #expect(again.status == 0, "\(again.stderr)")
    }

    @Test("a tape naming a file outside the repository is refused by verify before anything is read or run")
    func tapesNameOnlyRepositoryFiles() throws {
        let place = try Place()
        defer { place.remove() }
        let record = try place.run(["record", "Scenarios/tiny-day.yaml", "--tape", "Results/golden/tiny.tape", "--quiet"])
        #expect(record.status == 0, "\(record.stderr)")
        let tape = place.repo.appendingPathComponent("Results/golden/tiny.tape")
        let text = try String(contentsOf: tape, encoding: .utf8)
        #expect(text.contains("\nscenario Scenarios/tiny-day.yaml\n"))
        #expect(try place.run(["verify", "Results/golden/tiny.tape", "--quiet"]).status == 0)
        for path in ["/proc/self/environ", place.outside.appendingPathComponent("precious.txt").path, "../outside/precious.txt"] {
            try text.replacingOccurrences(of: "\nscenario Scenarios/tiny-day.yaml\n", with: "\nscenario \(path)\n").write(to: tape, atomically: true, encoding: .utf8)
            let r = try place.run(["verify", "Results/golden/tiny.tape", "--quiet"])
            #expect(r.status == 2 && r.stderr.contains("scenario:"), "\(path): \(r.stderr)")
            #expect(!r.stderr.contains(TrustBoundaryTests.secret))
        }
        // Inside the repository, but a link that leads out.
        try place.link("Scenarios/away.yaml", to: place.outside.appendingPathComponent("precious.txt").path)
        try text.replacingOccurrences(of: "Scenarios/tiny-day.yaml", with: "Scenarios/away.yaml").write(to: tape, atomically: true, encoding: .utf8)
        let away = try place.run(["verify", "Results/golden/tiny.tape", "--quiet"])
        #expect(away.status == 2 && away.stderr.contains("through a symbolic link"), "\(away.stderr)")
        // Recording from outside the repository that holds the scenario is refused: verify could not find it.
        let outsideRecord = try FireDrillProcess.run(["record", place.repo.appendingPathComponent("Scenarios/tiny-day.yaml").path,
                                                      "--tape", place.base.appendingPathComponent("x.tape").path, "--quiet"], in: place.outside)
        #expect(outsideRecord.status == 2 && outsideRecord.stderr.contains("outside the repository root"), "\(outsideRecord.stderr)")
    }
}
