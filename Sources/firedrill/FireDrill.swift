import ArgumentParser
import Foundation

@main
struct FireDrill: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "firedrill",
        abstract: "Deterministic simulator and chaos-testing harness for a securities trading stack.",
        discussion: """
            Every run is a pure function of its inputs and seed: the same command prints the same
            digest on every machine.

            Exit codes:
              0  success (all SLAs met)
              1  an SLA or invariant was breached (a report is still written)
              2  invalid input: a bad option, file or value; the message names it
              3  internal error
              4  explore found a fault plan that breaks an invariant
              5  the run spent its budget while it ran (--max-events, --max-wall) and was stopped
            """,
        subcommands: [RunCommand.self, ValidateCommand.self, CompareCommand.self, SweepCommand.self, MergeCommand.self, ExploreCommand.self,
                      RecordCommand.self, VerifyCommand.self, FaultsCommand.self, SweepSeedCommand.self, BookCommand.self, AuctionCommand.self, Bench.self]
    )

    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let failure as CommandFailure {
            // What the command printed comes first, also when both streams go to one file.
            fflush(nil)
            FileHandle.standardError.write(Data(("firedrill: " + failure.message + "\n").utf8))
            Foundation.exit(failure.code.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            // Anything the argument parser rejects is invalid input.
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(ExitStatus.invalidInput.rawValue)
        }
    }
}
