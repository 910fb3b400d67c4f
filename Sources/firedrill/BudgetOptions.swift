import ArgumentParser
import Harness

/// The `--max-*` flags: each raises (or lowers) one figure of the run's budget. The defaults
/// are `RunBudget.standard`'s; see README, "Running untrusted scenarios".
struct BudgetOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Most client accounts over every population (default 20,000,000).", valueName: "n")) var maxClients: Int?
    @Option(help: ArgumentHelp("Most client orders a day over every population (default 100,000,000).", valueName: "n")) var maxOrders: Int?
    @Option(help: ArgumentHelp("Most symbols over every exchange (default 20,000).", valueName: "n")) var maxSymbols: Int?
    @Option(help: ArgumentHelp("Most faults in a scenario (default 1,000).", valueName: "n")) var maxFaults: Int?
    @Option(help: ArgumentHelp("Most hosts in the stack (default 2,000).", valueName: "n")) var maxHosts: Int?
    @Option(help: ArgumentHelp("Most simulated events, estimated before and counted during the run (default 5,000,000,000).", valueName: "n"))
    var maxEvents: UInt64?
    @Option(help: ArgumentHelp("Most estimated peak memory, e.g. 8GiB or 512MiB (default 20GiB).", valueName: "size")) var maxMemory: String?
    @Option(help: ArgumentHelp("Most wall time of one run, e.g. 90s or 20m (default: none); past it the run stops with exit 5.", valueName: "time"))
    var maxWall: String?

    /// The budget these flags describe.
    func budget() throws(CommandFailure) -> RunBudget {
        var b = RunBudget.standard
        func positive(_ v: Int?, _ flag: String) throws(CommandFailure) -> Int? {
            guard let v else { return nil }
            guard v >= 1 else { throw CommandFailure(code: .invalidInput, message: "\(flag): expected at least 1, got \(v)") }
            return v
        }
        if let v = try positive(maxClients, "--max-clients") { b.maxClients = v }
        if let v = try positive(maxOrders, "--max-orders") { b.maxOrdersPerDay = v }
        if let v = try positive(maxSymbols, "--max-symbols") { b.maxSymbols = v }
        if let v = try positive(maxFaults, "--max-faults") { b.maxFaults = v }
        if let v = try positive(maxHosts, "--max-hosts") { b.maxHosts = v }
        if let maxEvents { b.maxEvents = maxEvents }
        if let maxMemory { b.maxMemoryBytes = try BudgetOptions.size(maxMemory) }
        if let maxWall { b.maxWallSeconds = try BudgetOptions.seconds(maxWall) }
        return b
    }

    /// The flags again, for a child process (a sweep's seeds).
    var arguments: [String] {
        var out: [String] = []
        if let maxClients { out += ["--max-clients", String(maxClients)] }
        if let maxOrders { out += ["--max-orders", String(maxOrders)] }
        if let maxSymbols { out += ["--max-symbols", String(maxSymbols)] }
        if let maxFaults { out += ["--max-faults", String(maxFaults)] }
        if let maxHosts { out += ["--max-hosts", String(maxHosts)] }
        if let maxEvents { out += ["--max-events", String(maxEvents)] }
        if let maxMemory { out += ["--max-memory", maxMemory] }
        if let maxWall { out += ["--max-wall", maxWall] }
        return out
    }

    /// `8GiB`, `512MiB`, `1000000` (bytes).
    static func size(_ text: String) throws(CommandFailure) -> Int64 {
        let units: [(String, Int64)] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10), ("", 1)]
        for (unit, scale) in units where text.hasSuffix(unit) {
            if let n = Int64(text.dropLast(unit.count)), n >= 1, n <= Int64.max / scale { return n * scale }
            break
        }
        throw CommandFailure(code: .invalidInput, message: "--max-memory: expected a size like 8GiB, 512MiB or a number of bytes, got \"\(text.prefix(24))\"")
    }

    /// `90s`, `20m`, `2h`, `600` (seconds).
    static func seconds(_ text: String) throws(CommandFailure) -> Double {
        let units: [(String, Double)] = [("h", 3600), ("m", 60), ("s", 1), ("", 1)]
        for (unit, scale) in units where text.hasSuffix(unit) {
            if let n = Double(text.dropLast(unit.count)), n.isFinite, n > 0 { return n * scale }
            break
        }
        throw CommandFailure(code: .invalidInput, message: "--max-wall: expected a time like 90s, 20m or 2h, got \"\(text.prefix(24))\"")
    }
}
