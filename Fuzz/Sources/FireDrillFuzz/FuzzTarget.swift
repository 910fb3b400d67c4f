import Boundary
import ExchangeReplay
import Foundation
import Harness
import Reports
import Scenario
import Stack

/// The parsers a stranger's files reach, each as a fuzz target: the input is a file's bytes.
/// A target must never crash, hang or allocate without bound, and every error it gives must
/// be one a person can read in a CI log: one message of printable text, of a bounded length,
/// that never echoes a long stretch of the input (`FuzzOracle`).
enum FuzzTarget: String, CaseIterable {
    case scenario, fault, layout, policy, orders, symbols, tape, seedRecord = "seed-record"

    /// The target named by FIREDRILL_FUZZ_TARGET.
    static let selected: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["FIREDRILL_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            FileHandle.standardError.write(Data("FIREDRILL_FUZZ_TARGET must be one of: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))\n".utf8))
            exit(2)
        }
        return target
    }()

    /// A scratch file for the parsers that read a path (a fault definition is checked as a file).
    static let scratch: String = {
        let dir = NSTemporaryDirectory() + "firedrill-fuzz-\(getpid())/Faults"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir + "/fuzzed.yaml"
    }()

    /// Runs the target on `text`; returns the messages of every error it reported.
    func run(_ text: String) -> [String] {
        switch self {
        case .scenario:
            var messages = ScenarioFile.problems(text, file: "fuzz.yaml").map(\.description)
            if messages.isEmpty, let document = try? ScenarioFile.decodeDocument(text, file: "fuzz.yaml") {
                // Within budget, the stack must build or say why, located.
                let hosts = (try? Topology(config: document.stack))?.hosts.count ?? 0
                do {
                    try RunBudget.standard.check(RunBudget.estimate(document.stack, faults: document.faults.count, hosts: hosts), file: "fuzz.yaml")
                    if RunBudget.estimate(document.stack, faults: 0, hosts: hosts).memoryBytes < 600e6 {
                        _ = try Topology(config: document.stack)
                    }
                } catch let e as HarnessError {
                    messages.append(e.message)
                } catch {
                    messages.append("\(error)")
                }
            }
            return messages
        case .fault:
            guard FileManager.default.createFile(atPath: FuzzTarget.scratch, contents: Data(text.utf8)) else { return [] }
            do { _ = try ScenarioFile.documentUsing(definition: FuzzTarget.scratch, boundary: try FileBoundary(root: "/")) } catch { return ["\(error)"] }
            return []
        case .layout:
            var messages: [String] = []
            do { _ = try LayoutFile.decode(text, file: "fuzz.yaml") } catch { messages.append(error.description) }
            messages += ScenarioFile.problems("name: built-in\n", file: "built-in", layout: (text, "fuzz.yaml")).map(\.description)
            return messages
        case .policy:
            do { _ = try PolicyFile.decode(text, file: "fuzz.yaml") } catch { return [error.description] }
            return []
        case .orders:
            do { _ = try OrderFile.parse(text, path: "fuzz.csv") } catch { return [error.description] }
            return []
        case .symbols:
            do { _ = try SymbolFile.parse(text, path: "fuzz.csv") } catch { return [error.description] }
            return []
        case .tape:
            do {
                let tape = try GoldenTape.parse(text, file: "fuzz.tape")
                // What verify would print of it: no arithmetic on its counts may trap.
                _ = TapeDivergence.first(recorded: tape, now: tape)
            } catch {
                return [error.description]
            }
            return []
        case .seedRecord:
            do {
                let record = try SeedRecord(parsing: text, file: "fuzz.json")
                _ = SweepSummary([record]).markdown
            } catch {
                return [error.message]
            }
            return []
        }
    }
}

/// What every error message must be: printable, bounded, and no echo of the input.
enum FuzzOracle {
    static let maxMessage = 2_000
    /// The longest run of input characters a message may repeat (quoted excerpts are 24).
    static let maxEcho = 64

    static func check(_ message: String, input: String) {
        if message.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" || $0.value == 0x7F }) {
            fail("an error message holds a control character", message)
        }
        if message.unicodeScalars.count > maxMessage { fail("an error message of \(message.unicodeScalars.count) characters", message) }
        // Every line of the input longer than the echo limit: its whole must not appear in the message.
        for line in input.split(separator: "\n") where line.unicodeScalars.count > maxEcho {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.unicodeScalars.count > maxEcho && message.contains(trimmed) { fail("an error message echoes a whole input line", message) }
        }
    }

    static func fail(_ what: String, _ message: String) -> Never {
        FileHandle.standardError.write(Data("FireDrill fuzz oracle: \(what):\n\(message.prefix(4_000))\n".utf8))
        abort()
    }
}
