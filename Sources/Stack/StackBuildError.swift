/// A configuration the stack cannot be built from. The `Scenario` module checks files before
/// building, so a user normally sees its `file:line:column` errors instead; this names the
/// field by its path in the scenario (`tiers[1].instances`).
public struct StackBuildError: Error, Equatable, Sendable, CustomStringConvertible {
    public var field: String
    public var problem: String
    public init(field: String, _ problem: String) { self.field = field; self.problem = problem }
    public var description: String { "\(field): \(problem)" }
}
