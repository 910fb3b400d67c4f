import Chaos

/// What an exploration does: its stages, its budget, and what it draws from.
public struct ExploreOptions: Sendable {
    public enum Stage: String, CaseIterable, Sendable {
        /// Every component under every kind that applies, at each moment (N-1), then pairs of
        /// faults each harmless alone (N-2) while the budget lasts.
        case contingency
        /// Random plans of 1…`maxFaults` faults, a random subset of families switched off per plan.
        case swarm
        /// Swarm guided by coverage: plans that reached a rare state first are mutated.
        case coverage
    }

    public var stages: [Stage] = Stage.allCases
    /// Exploration runs (shrinking's runs come on top, at most `shrinkRuns` per finding).
    public var runs: Int = 200
    /// Wall-clock seconds instead of a fixed number of runs (not deterministic: what is
    /// explored depends on the machine's speed).
    public var wallSeconds: Double?
    public var seed: UInt64 = 1
    public var maxFaults = 3
    /// The least serious incident grade that counts as a failure.
    public var threshold = "major"
    /// Kinds and moments to draw from (`nil`: all).
    public var kinds: [FaultKind]?
    public var moments: [String]?
    public var shrinkRuns = 150
    /// Independent lanes: each takes every `lanes`-th contingency plan, then its own N-2 pairs
    /// and swarm runs, with its own stream and corpus. The result does not depend on how many
    /// run at once, and a shard of the exploration is a set of whole lanes.
    public var lanes = 4

    public init() {}

    /// How many of `runs` the contingency stage may take when other stages follow it: half.
    public var contingencyShare: Int {
        stages.contains(.swarm) || stages.contains(.coverage) ? runs / 2 : runs
    }
}
