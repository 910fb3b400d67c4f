/// One invariant checked after a run.
public struct InvariantResult: Equatable, Sendable {
    public var name: String
    public var held: Bool
    /// What was counted, for a human.
    public var detail: String
}
