import Boundary
import Foundation

/// `Tests/Fixtures/Scenarios/tiny-day.yaml`, a very short day, and variants of it written into a
/// fresh folder with the grading policy beside them, as a repository holds them.
enum TinyDay {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let fixture = root.appendingPathComponent("Tests/Fixtures/Scenarios/tiny-day.yaml").path

    /// The fixture's text, renamed, with `extra` sections appended.
    static func text(name: String = "tiny-day", extra: String = "") -> String {
        let base = try! String(contentsOfFile: fixture, encoding: .utf8)
        return base.replacingOccurrences(of: "name: tiny-day\n", with: "name: \(name)\n") + extra + "\n"
    }

    /// A folder holding `Scenarios/<name>.yaml` and a copy of the grading policy under
    /// `Faults/policies/`, as a repository would; returns the scenario's path.
    static func write(name: String = "tiny-day", extra: String = "", in folder: URL) throws -> String {
        let scenarios = folder.appendingPathComponent("Scenarios")
        let policies = folder.appendingPathComponent("Faults/policies")
        try FileManager.default.createDirectory(at: scenarios, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: policies, withIntermediateDirectories: true)
        let policy = root.appendingPathComponent("Faults/policies/csrc-2012.yaml")
        let copy = policies.appendingPathComponent("csrc-2012.yaml")
        if !FileManager.default.fileExists(atPath: copy.path) { try FileManager.default.copyItem(at: policy, to: copy) }
        let path = scenarios.appendingPathComponent("\(name).yaml").path
        try text(name: name, extra: extra).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The folder as a repository root: what its scenarios may read.
    static func boundary(_ folder: URL) -> FileBoundary { try! FileBoundary(root: folder.path) }

    static func temporaryFolder(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("firedrill-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
