/// The two exchanges the stack submits to.
public enum Market: Int, CaseIterable, Sendable, CustomStringConvertible {
    case sse = 0
    case szse = 1

    public var name: String { ["sse", "szse"][rawValue] }
    public var description: String { name }
    public init?(name: String) {
        guard let i = ["sse", "szse"].firstIndex(of: name) else { return nil }
        self.init(rawValue: i)
    }
}
