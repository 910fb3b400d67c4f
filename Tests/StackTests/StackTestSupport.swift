import Foundation
import Kernel
import Scoring
import Stack

/// Runs cached per seed within one test process, so that several tests can read the same short
/// day without simulating it again. Swift Testing runs tests in parallel: the cache is read and
/// filled under a lock, and a seed is simulated once even when two tests ask for it at once.
enum Runs {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var cache: [UInt64: Result<(StackRunResult, Scorecard), any Error>] = [:]

    static func shortDay(seed: UInt64 = 7) throws -> (StackRunResult, Scorecard) {
        lock.lock()
        defer { lock.unlock() }
        if let hit = cache[seed] { return try hit.get() }
        let result = Result { () throws -> (StackRunResult, Scorecard) in
            var config = StackConfig.shortDay
            config.seed = seed
            let run = try StackRun.run(config)
            return (run, Scorecard(run))
        }
        cache[seed] = result
        return try result.get()
    }
}

/// SPEC §2.4, Table 4, written out independently of `RoutingTable.standard`.
let specRouting: [ClientClass: [Business: TierKind]] = [
    .I: [.A1: .extreme, .A2: .fast, .B: .fast, .C1: .fast, .C2: .normal],
    .II: [.A1: .fast, .A2: .fast, .B: .fast, .C1: .fast, .C2: .normal],
    .III: [.A1: .normal, .A2: .normal, .B: .normal, .C1: .normal, .C2: .normal],
]
