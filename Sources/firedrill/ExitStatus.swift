/// The CI contract: what `firedrill` exits with.
enum ExitStatus: Int32 {
    case success = 0
    case breached = 1
    case invalidInput = 2
    case internalError = 3
    /// `explore` found a fault plan that breaks an invariant.
    case invariantBroken = 4
    /// The run outgrew its budget while it ran (--max-events, --max-wall).
    case budgetExceeded = 5
}

/// An error that ends the command with a specific exit status and a one-line message.
struct CommandFailure: Error {
    var code: ExitStatus
    var message: String
}
