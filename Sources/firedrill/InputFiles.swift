import ExchangeReplay
import Foundation

/// Reading user files for commands: every failure is invalid input (exit 2) naming the file.
enum InputFiles {
    static func text(_ path: String) throws(CommandFailure) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "does not exist"
            throw CommandFailure(code: .invalidInput, message: "\(path): \(reason)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CommandFailure(code: .invalidInput, message: "\(path): not UTF-8 text")
        }
        return text
    }

    /// Runs a parser, turning its located error into exit 2 with `file:line: message`.
    static func parse<T>(_ path: String, _ parser: (String, String) throws(FileError) -> T) throws(CommandFailure) -> T {
        let contents = try text(path)
        do {
            return try parser(contents, path)
        } catch {
            throw CommandFailure(code: .invalidInput, message: error.description)
        }
    }
}

/// Writes bytes to a file created (or truncated) at `path`, or to standard output.
final class OutputFile {
    private let handle: FileHandle

    init(path: String?) throws(CommandFailure) {
        guard let path else { handle = .standardOutput; return }
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path) else {
            throw CommandFailure(code: .invalidInput, message: "\(path): cannot be written")
        }
        self.handle = handle
    }

    func write(_ bytes: ArraySlice<UInt8>) { bytes.withUnsafeBytes { handle.write(Data($0)) } }

    func write(line: String) { handle.write(Data((line + "\n").utf8)) }

    func close() { if handle !== FileHandle.standardOutput { try? handle.close() } }
}

func printToStandardError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
