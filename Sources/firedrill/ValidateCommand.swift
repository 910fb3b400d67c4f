import ArgumentParser
import Harness

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check scenario, layout, fault-definition and policy files without running them.",
        discussion: """
            Each file's kind is read off its top-level keys (layout: a layout; kind: a fault
            definition; grades: a policy; else a scenario). A scenario is decoded and its stack
            and fault plan built; a layout is put over the built-in stack; a fault definition is
            used against the built-in stack. Every problem is printed as
            file:line:column: field: message, and every file is checked even after a failure.

            A scenario bigger than the run budget (clients, orders, symbols, faults, hosts,
            estimated events and memory; see the --max-* flags) is a problem too.

            Exit codes: 0 every file is valid; 2 at least one problem.
            """
    )

    @Argument(help: "Files to check.") var files: [String]
    @OptionGroup(title: "Budget") var limits: BudgetOptions

    func run() throws {
        guard !files.isEmpty else { throw CommandFailure(code: .invalidInput, message: "validate: name at least one file") }
        let budget = try limits.budget()
        var problems = 0
        for file in files {
            let report = Validation.check(file, budget: budget)
            if report.problems.isEmpty {
                print("ok      \(file) (\(report.kind?.rawValue ?? "?"))")
            } else {
                print("invalid \(file)" + (report.kind.map { " (\($0.rawValue))" } ?? ""))
                for p in report.problems { print("  " + p) }
                problems += report.problems.count
            }
        }
        if problems > 0 {
            throw CommandFailure(code: .invalidInput, message: "\(problems) problem\(problems == 1 ? "" : "s") in \(files.count) file\(files.count == 1 ? "" : "s")")
        }
    }
}

struct FaultsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "faults",
        abstract: "Print the fault catalogue, or one kind with its parameters, defaults and an example.",
        subcommands: [List.self, Show.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every fault kind, by family, with what it does.")
        func run() throws { print(FaultCatalogue.list(), terminator: "") }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One fault kind in full (host_crash, or its definition's name host-crash).")
        @Argument(help: "A fault kind or definition name.") var name: String
        @Option(help: "Where fault definitions live.") var faults: String = "Faults"
        func run() throws {
            print(try harness { () throws(HarnessError) in try FaultCatalogue.show(name, faultsDirectory: faults) }, terminator: "")
        }
    }
}
