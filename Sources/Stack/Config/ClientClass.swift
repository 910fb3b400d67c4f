/// The three client classes of SPEC §2.2, fastest first.
public enum ClientClass: Int, CaseIterable, Sendable, Comparable, CustomStringConvertible {
    /// Extreme-speed quants on servers colocated near the exchange.
    case I = 0
    /// Quants on hosted VMs over leased lines.
    case II = 1
    /// Retail clients on mobile and PC terminals over the internet.
    case III = 2

    public var name: String { ["I", "II", "III"][rawValue] }
    public var description: String { name }
    public init?(name: String) {
        guard let i = ["I", "II", "III"].firstIndex(of: name) else { return nil }
        self.init(rawValue: i)
    }
    public static func < (a: ClientClass, b: ClientClass) -> Bool { a.rawValue < b.rawValue }
}
