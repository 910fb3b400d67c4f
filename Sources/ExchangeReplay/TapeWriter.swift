import Crypto

/// Collects the text of one output file (trades or rejects), hashing it as it goes, so the
/// SHA-256 it reports is exactly `sha256sum` of the file written.
public final class TapeWriter {
    /// Receives the bytes in chunks when set; otherwise the text is only hashed and counted.
    public var sink: ((ArraySlice<UInt8>) -> Void)?
    private var hasher = SHA256()
    private var buffer: [UInt8] = []
    public private(set) var lineCount = 0
    private static let chunk = 64 * 1024

    public init(header: String, sink: ((ArraySlice<UInt8>) -> Void)? = nil) {
        self.sink = sink
        buffer.reserveCapacity(Self.chunk + 256)
        append(line: header)
        lineCount = 0
    }

    public func append(line: String) {
        buffer.append(contentsOf: line.utf8)
        buffer.append(UInt8(ascii: "\n"))
        lineCount += 1
        if buffer.count >= Self.chunk { flush() }
    }

    private func flush() {
        buffer.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        sink?(buffer[...])
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes what is left and returns the SHA-256 of everything written, in hex.
    public func finish() -> String {
        flush()
        return hasher.finalize().map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }
}
