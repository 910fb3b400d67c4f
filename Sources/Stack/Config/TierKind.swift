/// The tiered trading systems of SPEC §2.3, fastest first.
public enum TierKind: Int, CaseIterable, Sendable, Comparable, CustomStringConvertible {
    /// 极速: 1 ms, class I stock orders only.
    case extreme = 0
    /// 快速, in memory: 10 ms.
    case fast = 1
    /// 普通, database-backed: 100 ms.
    case normal = 2

    public var name: String { ["extreme", "fast", "normal"][rawValue] }
    public var description: String { name }
    public init?(name: String) {
        guard let i = ["extreme", "fast", "normal"].firstIndex(of: name) else { return nil }
        self.init(rawValue: i)
    }
    public static func < (a: TierKind, b: TierKind) -> Bool { a.rawValue < b.rawValue }
}
