import Foundation

/// Runs the built `firedrill` executable as a separate process.
struct FireDrillProcess {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String

        /// The value of `"key":"…"` or `"key":N` in a one-line JSON object on stdout.
        func json(_ key: String) -> String? {
            guard let data = stdout.data(using: .utf8),
                  let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let value = object[key] else { return nil }
            return "\(value)"
        }
    }

    /// The executable built beside this test bundle (`.build/<config>/firedrill`).
    static var executable: URL {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL,
            Bundle.main.bundleURL.deletingLastPathComponent(),
        ]
        for directory in candidates {
            let url = directory.appendingPathComponent("firedrill")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        fatalError("firedrill executable not found next to the tests; build with `swift build --build-tests`")
    }

    /// Runs `firedrill arguments`, in `directory` (default: this process's) with `environment`
    /// added to this process's.
    static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Drain stderr on another thread while reading stdout, so a full pipe cannot stall the child.
        nonisolated(unsafe) var errBytes = Data()
        let drained = DispatchGroup()
        DispatchQueue.global().async(group: drained) { errBytes = err.fileHandleForReading.readDataToEndOfFile() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        drained.wait()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines),
            stderr: String(decoding: errBytes, as: UTF8.self)
        )
    }
}
