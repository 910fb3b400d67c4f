/// A file FireDrill will not read or write, and why, in words: `path: problem`.
public struct BoundaryError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The path as the user or the file named it.
    public var path: String
    public var problem: String

    public init(path: String, problem: String) { self.path = path; self.problem = problem }

    public var description: String { "\(path): \(problem)" }
}
