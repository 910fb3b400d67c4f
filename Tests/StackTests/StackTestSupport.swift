import Kernel
import Scoring
import Stack

/// Runs cached per configuration within one test process, so that several tests can read the
/// same short day without simulating it again.
enum Runs {
    nonisolated(unsafe) static var cache: [UInt64: (StackRunResult, Scorecard)] = [:]

    static func shortDay(seed: UInt64 = 7) throws -> (StackRunResult, Scorecard) {
        if let hit = cache[seed] { return hit }
        var config = StackConfig.shortDay
        config.seed = seed
        let run = try StackRun.run(config)
        let result = (run, Scorecard(run))
        cache[seed] = result
        return result
    }
}

/// SPEC §2.4, Table 4, written out independently of `RoutingTable.standard`.
let specRouting: [ClientClass: [Business: TierKind]] = [
    .I: [.A1: .extreme, .A2: .fast, .B: .fast, .C1: .fast, .C2: .normal],
    .II: [.A1: .fast, .A2: .fast, .B: .fast, .C1: .fast, .C2: .normal],
    .III: [.A1: .normal, .A2: .normal, .B: .normal, .C1: .normal, .C2: .normal],
]
