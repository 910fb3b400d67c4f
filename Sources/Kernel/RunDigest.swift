import Crypto

/// SHA-256 over the canonical byte stream a run feeds it: events, trades, final state.
///
/// Every value is written in a fixed little-endian layout (strings length-prefixed), so the
/// digest depends only on what was fed, never on the machine. Bytes are gathered in a
/// fixed buffer and hashed in blocks, so feeding a value costs a store, not a hash call.
public struct RunDigest {
    @usableFromInline static let bufferSize = 16 * 1024
    @usableFromInline var hasher = SHA256()
    @usableFromInline var buffer: [UInt8]
    @usableFromInline var used = 0
    /// Bytes fed so far.
    @inlinable public var byteCount: UInt64 { fedBytes }
    @usableFromInline var fedBytes: UInt64 = 0

    public init() {
        buffer = [UInt8](repeating: 0, count: RunDigest.bufferSize)
    }

    @inlinable @inline(__always)
    mutating func reserve(_ n: Int) {
        if used + n > RunDigest.bufferSize { flush() }
    }

    @usableFromInline
    mutating func flush() {
        buffer.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[..<used])) }
        used = 0
    }

    @inlinable @inline(__always)
    public mutating func feed(_ value: UInt64) {
        reserve(8)
        let at = used
        buffer.withUnsafeMutableBytes { $0.storeBytes(of: value.littleEndian, toByteOffset: at, as: UInt64.self) }
        used += 8
        fedBytes += 8
    }

    @inlinable @inline(__always)
    public mutating func feed(_ value: UInt32) {
        reserve(4)
        let at = used
        buffer.withUnsafeMutableBytes { $0.storeBytes(of: value.littleEndian, toByteOffset: at, as: UInt32.self) }
        used += 4
        fedBytes += 4
    }

    @inlinable @inline(__always)
    public mutating func feed(_ value: UInt8) {
        reserve(1)
        buffer[used] = value
        used += 1
        fedBytes += 1
    }

    @inlinable public mutating func feed(_ value: Int64) { feed(UInt64(bitPattern: value)) }
    @inlinable public mutating func feed(_ value: Int32) { feed(UInt32(bitPattern: value)) }
    @inlinable public mutating func feed(_ value: Bool) { feed(value ? 1 as UInt8 : 0) }
    @inlinable public mutating func feed(_ value: SimTime) { feed(value.nanos) }
    @inlinable public mutating func feed(_ value: SimDuration) { feed(value.nanos) }
    @inlinable public mutating func feed(_ value: NodeID) { feed(value.raw) }

    /// Feeds the UTF-8 bytes of `text`, preceded by their count.
    public mutating func feed(_ text: String) {
        feed(bytes: Array(text.utf8))
    }

    /// Feeds `bytes`, preceded by their count (so `["ab","c"]` and `["a","bc"]` differ).
    public mutating func feed(bytes: [UInt8]) {
        feed(UInt64(bytes.count))
        for b in bytes { feed(b) }
    }

    /// The SHA-256 of everything fed, as 64 lowercase hex digits.
    public mutating func finalize() -> String {
        flush()
        let digest = hasher.finalize()
        return digest.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
