/// A file a run read its inputs from, and the SHA-256 of its bytes: a tape lists them so that
/// `verify` can tell a changed scenario from a changed FireDrill.
public struct InputFile: Equatable, Sendable {
    public var path: String
    public var sha256: String

    public init(path: String, sha256: String) { self.path = path; self.sha256 = sha256 }
}
