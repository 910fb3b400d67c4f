import Boundary
import Foundation
import Testing

/// The trust boundary: what a stranger's files can make FireDrill read, write and delete.
@Suite struct BoundaryTests {
    /// A fresh folder standing for a repository, and one beside it standing for the rest of the disk.
    struct Place {
        let repository: String
        let outside: String

        init() throws {
            let base = FileManager.default.temporaryDirectory.appendingPathComponent("firedrill-boundary-\(UUID().uuidString)").path
            repository = base + "/repo"
            outside = base + "/outside"
            try FileManager.default.createDirectory(atPath: repository + "/Faults", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
            try "token: s3cr3t-value\n".write(toFile: outside + "/secret.yaml", atomically: true, encoding: .utf8)
            try "kind: host_crash\n".write(toFile: repository + "/Faults/ok.yaml", atomically: true, encoding: .utf8)
        }

        func link(_ name: String, to target: String) throws {
            try FileManager.default.createSymbolicLink(atPath: repository + "/" + name, withDestinationPath: target)
        }

        var boundary: FileBoundary { get throws { try FileBoundary(root: repository) } }

        func remove() { try? FileManager.default.removeItem(atPath: (repository as NSString).deletingLastPathComponent) }
    }

    @Test("a file inside the root is read; a link that leads out of it is refused, whoever named it, and the secret is never in the message")
    func linksOutOfTheRootAreRefused() throws {
        let place = try Place()
        defer { place.remove() }
        let boundary = try place.boundary
        #expect(try boundary.text(place.repository + "/Faults/ok.yaml", from: .file, maxBytes: 1000) == "kind: host_crash\n")
        try place.link("Faults/evil.yaml", to: place.outside + "/secret.yaml")
        for origin in [FileBoundary.Origin.file, .commandLine] {
            let error = #expect(throws: BoundaryError.self) { try boundary.text(place.repository + "/Faults/evil.yaml", from: origin, maxBytes: 1000) }
            #expect(error?.problem.contains("through a symbolic link") == true, "\(String(describing: error))")
            #expect(error?.description.contains("s3cr3t") == false)
        }
        // A relative link that climbs out is the same escape.
        try place.link("Faults/climb.yaml", to: "../../outside/secret.yaml")
        #expect(throws: BoundaryError.self) { try boundary.text(place.repository + "/Faults/climb.yaml", from: .file, maxBytes: 1000) }
        // A link inside the root to a file inside it is fine.
        try place.link("Faults/alias.yaml", to: "ok.yaml")
        #expect(try boundary.text(place.repository + "/Faults/alias.yaml", from: .file, maxBytes: 1000) == "kind: host_crash\n")
    }

    @Test("a path the operator types outside the root is read; the same path named by a file is refused")
    func theOperatorMayNameAnOutsideFile() throws {
        let place = try Place()
        defer { place.remove() }
        let boundary = try place.boundary
        #expect(try boundary.text(place.outside + "/secret.yaml", from: .commandLine, maxBytes: 1000).hasPrefix("token"))
        let error = #expect(throws: BoundaryError.self) { try boundary.text(place.outside + "/secret.yaml", from: .file, maxBytes: 1000) }
        #expect(error?.problem.contains("outside the repository root") == true)
        #expect(throws: BoundaryError.self) { try boundary.text(place.repository + "/../outside/secret.yaml", from: .file, maxBytes: 1000) }
    }

    @Test("/proc, devices, FIFOs and folders are never read, and a file over its budget is refused before it is read")
    func onlyRegularFilesWithinBudget() throws {
        let place = try Place()
        defer { place.remove() }
        let everything = try FileBoundary(root: "/")
        for path in ["/proc/self/environ", "/proc/self/cmdline", "/dev/zero", "/sys"] {
            let error = #expect(throws: BoundaryError.self) { try everything.bytes(path, from: .commandLine, maxBytes: 1 << 20) }
            #expect(error?.problem.contains("never reads") == true, "\(path): \(String(describing: error))")
        }
        try place.link("Faults/environ.yaml", to: "/proc/self/environ")
        #expect(throws: BoundaryError.self) { try place.boundary.bytes(place.repository + "/Faults/environ.yaml", from: .commandLine, maxBytes: 1 << 20) }
        let fifo = place.repository + "/Faults/pipe.yaml"
        #expect(mkfifo(fifo, 0o600) == 0)
        let fifoError = #expect(throws: BoundaryError.self) { try place.boundary.bytes(fifo, from: .commandLine, maxBytes: 1000) }
        #expect(fifoError?.problem.contains("not a regular file") == true)
        let folderError = #expect(throws: BoundaryError.self) { try place.boundary.bytes(place.repository + "/Faults", from: .commandLine, maxBytes: 1000) }
        #expect(folderError?.problem == "is a folder, not a file")
        let sizeError = #expect(throws: BoundaryError.self) { try place.boundary.bytes(place.repository + "/Faults/ok.yaml", from: .file, maxBytes: 10) }
        #expect(sizeError?.problem.hasPrefix("has 17 bytes; FireDrill reads at most 10") == true)
        let missing = #expect(throws: BoundaryError.self) { try place.boundary.bytes(place.repository + "/nothing.yaml", from: .file, maxBytes: 10) }
        #expect(missing?.problem == "does not exist")
    }

    @Test("an output folder is never reached through a link, never one holding others' files, and only its own files are removed")
    func outputFolders() throws {
        let place = try Place()
        defer { place.remove() }
        let boundary = try place.boundary
        let writes: @Sendable (String) -> Bool = { ["result.json", "seeds"].contains($0) || ($0.hasPrefix("seeds/") && $0.hasSuffix(".json")) }
        // Fresh: created, written, rewritten.
        let fresh = try OutputFolder(place.repository + "/Results/day/1", in: boundary, writes: writes)
        try fresh.write("result.json", Array("{}".utf8))
        try fresh.write("seeds/3.json", Array("{}".utf8))
        _ = try OutputFolder(place.repository + "/Results/day/1", in: boundary, writes: writes)
        #expect(fresh.files(in: "seeds") == ["3.json"])
        // A committed link anywhere on the way, or as the folder, is refused; nothing is written outside.
        try place.link("Results/linked", to: place.outside)
        for path in ["Results/linked", "Results/linked/1"] {
            let error = #expect(throws: BoundaryError.self) { try OutputFolder(place.repository + "/" + path, in: boundary, writes: writes) }
            #expect(error?.problem.contains("symbolic link") == true, "\(path): \(String(describing: error))")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: place.outside) == ["secret.yaml"])
        // A file in the folder that is a link is not written through.
        try FileManager.default.createSymbolicLink(atPath: place.repository + "/Results/day/1/seeds/4.json", withDestinationPath: place.outside + "/secret.yaml")
        #expect(throws: BoundaryError.self) { try fresh.write("seeds/4.json", Array("x".utf8)) }
        #expect(throws: BoundaryError.self) { try fresh.remove("seeds/4.json") }
        #expect(try String(contentsOfFile: place.outside + "/secret.yaml", encoding: .utf8) == "token: s3cr3t-value\n")
        // Nor is a folder holding such a link adopted again.
        let linked = #expect(throws: BoundaryError.self) { try OutputFolder(place.repository + "/Results/day/1", in: boundary, writes: writes) }
        #expect(linked?.problem.contains("\"seeds/4.json\", a symbolic link") == true, "\(String(describing: linked))")
        try FileManager.default.removeItem(atPath: place.repository + "/Results/day/1/seeds/4.json")
        // A folder with someone else's files is not adopted.
        try "mine".write(toFile: place.repository + "/Results/day/1/notes.txt", atomically: true, encoding: .utf8)
        let foreign = #expect(throws: BoundaryError.self) { try OutputFolder(place.repository + "/Results/day/1", in: boundary, writes: writes) }
        #expect(foreign?.problem.contains("\"notes.txt\", which FireDrill did not write") == true)
        // Removing: only a regular file FireDrill writes.
        try fresh.remove("seeds/3.json")
        #expect(throws: BoundaryError.self) { try fresh.remove("notes.txt") }
        #expect(FileManager.default.fileExists(atPath: place.repository + "/Results/day/1/notes.txt"))
    }

    @Test("containment is byte for byte, and an output path's .. is folded where it was checked")
    func containmentAndDotDot() throws {
        let place = try Place()
        defer { place.remove() }
        // A sibling spelled with a decomposed é is another folder, not the root.
        let composed = place.outside + "/caf\u{E9}", decomposed = place.outside + "/cafe\u{301}"
        for folder in [composed, decomposed] { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        try "x".write(toFile: decomposed + "/f.yaml", atomically: true, encoding: .utf8)
        let root = try FileBoundary(root: composed)
        #expect(throws: BoundaryError.self) { try root.bytes(decomposed + "/f.yaml", from: .file, maxBytes: 10) }
        // Results/link/../x: checked as Results/x, and written there, not beside the link's target.
        try FileManager.default.createDirectory(atPath: place.repository + "/Results", withIntermediateDirectories: true)
        try place.link("Results/link", to: place.outside + "/caf\u{E9}")
        let folder = try OutputFolder(place.repository + "/Results/link/../x", in: place.boundary, writes: { $0 == "a.json" })
        try folder.write("a.json", Array("{}".utf8))
        #expect(FileManager.default.fileExists(atPath: place.repository + "/Results/x/a.json"))
        #expect(!FileManager.default.fileExists(atPath: place.outside + "/x"))
    }

    @Test("a file named on the command line is written beside its folder, never through a link at its name")
    func singleOutputFiles() throws {
        let place = try Place()
        defer { place.remove() }
        let boundary = try place.boundary
        try OutputFolder.writeFile(place.repository + "/Results/golden/a.tape", Array("tape\n".utf8), in: boundary)
        #expect(try String(contentsOfFile: place.repository + "/Results/golden/a.tape", encoding: .utf8) == "tape\n")
        // A streamed file: created empty, written through the descriptor the check opened.
        let fd = try OutputFolder.create(place.repository + "/Results/golden/stream.csv", in: boundary)
        #expect(fd >= 0)
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        handle.write(Data("a,b\n".utf8))
        try handle.close()
        #expect(try String(contentsOfFile: place.repository + "/Results/golden/stream.csv", encoding: .utf8) == "a,b\n")
        try place.link("Results/golden/b.tape", to: place.outside + "/secret.yaml")
        #expect(throws: BoundaryError.self) { _ = try OutputFolder.create(place.repository + "/Results/golden/b.tape", in: boundary) }
        #expect(throws: BoundaryError.self) { try OutputFolder.writeFile(place.repository + "/Results/golden/b.tape", Array("x".utf8), in: boundary) }
        try place.link("Results/out", to: place.outside)
        #expect(throws: BoundaryError.self) { try OutputFolder.writeFile(place.repository + "/Results/out/junit.xml", Array("x".utf8), in: boundary) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: place.outside) == ["secret.yaml"])
    }
}
