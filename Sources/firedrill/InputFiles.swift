import Boundary
import ExchangeReplay
import Foundation

/// Reading user files for commands, through the trust boundary: every failure is invalid input
/// (exit 2) naming the file.
enum InputFiles {
    /// The largest order, symbol or tape file read (bytes): far above a day of orders.
    static let maxBytes = 1 << 30

    static func text(_ path: String, maxBytes: Int = InputFiles.maxBytes) throws(CommandFailure) -> String {
        do { return try FileBoundary.workingDirectory.text(path, from: .commandLine, maxBytes: maxBytes) } catch {
            throw CommandFailure(code: .invalidInput, message: error.description)
        }
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

/// Writes an output the operator named, turning a refusal into invalid input (exit 2).
func writing(_ body: () throws(BoundaryError) -> Void) throws(CommandFailure) {
    do { try body() } catch { throw CommandFailure(code: .invalidInput, message: error.description) }
}

/// Writes bytes to a file created (or truncated) at `path`, or to standard output.
final class OutputFile {
    private let handle: FileHandle

    init(path: String?) throws(CommandFailure) {
        guard let path else { handle = .standardOutput; return }
        // Created (or emptied) through the boundary, and written through the descriptor it
        // opened: never reopened by name, so never through a link put there since.
        let fd: Int32
        do { fd = try OutputFolder.create(path, in: .workingDirectory) } catch {
            throw CommandFailure(code: .invalidInput, message: error.description)
        }
        handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }

    func write(_ bytes: ArraySlice<UInt8>) { bytes.withUnsafeBytes { handle.write(Data($0)) } }

    func write(line: String) { handle.write(Data((line + "\n").utf8)) }

    func close() { if handle !== FileHandle.standardOutput { try? handle.close() } }
}

func printToStandardError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
