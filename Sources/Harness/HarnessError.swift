/// Why a harness command could not do its job: its input was wrong (exit 2), FireDrill itself
/// failed (exit 3), or the run outgrew its budget (exit 5). A breached SLA is not an error: it is a verdict.
public struct HarnessError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        case invalidInput
        case internalError
        /// A run stopped because it spent its event or wall-time budget (exit 5).
        case budgetExceeded
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) { self.kind = kind; self.message = message }

    public static func input(_ message: String) -> HarnessError { HarnessError(.invalidInput, message) }

    public var description: String { message }
}
