import Boundary
import Explore
import Foundation
import Harness
import Scenario
import Stack

/// The tiny day (`Tests/Fixtures/Scenarios/tiny-day.yaml`) in a fresh folder with the grading
/// policy beside it, as a repository holds them, and the menu exploration draws from on it.
enum ExploreFixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let tinyDayText = try! String(contentsOfFile: root.appendingPathComponent("Tests/Fixtures/Scenarios/tiny-day.yaml").path, encoding: .utf8)

    /// A folder holding `Scenarios/<name>.yaml` (the tiny day with `extra` appended) and the
    /// policy; returns the folder and the scenario's path.
    static func write(name: String = "tiny-day", extra: String = "") throws -> (folder: URL, scenario: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("firedrill-explore-\(UUID().uuidString)")
        let scenarios = folder.appendingPathComponent("Scenarios"), policies = folder.appendingPathComponent("Faults/policies")
        try FileManager.default.createDirectory(at: scenarios, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: policies, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: root.appendingPathComponent("Faults/policies/csrc-2012.yaml"),
                                         to: policies.appendingPathComponent("csrc-2012.yaml"))
        let path = scenarios.appendingPathComponent("\(name).yaml").path
        try (tinyDayText + extra + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return (folder, path)
    }

    static func prepared(extra: String = "") throws -> PreparedRun {
        let (folder, path) = try write(extra: extra)
        return try PreparedRun.prepare(scenario: path, boundary: try FileBoundary(root: folder.path))
    }

    static let config = try! ScenarioFile.decode(tinyDayText, file: "tiny-day.yaml")
    static let menu = FaultMenu(config: config, topology: try! Topology(config: config))
}
