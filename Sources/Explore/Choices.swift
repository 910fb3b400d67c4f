import Kernel

/// Every random decision behind a generated fault plan, in the order it was made. A plan is a
/// pure function of its choices, and a smaller choice always means a simpler plan (fewer faults,
/// the earliest start in a window, the shortest duration, a parameter at its default), so
/// shrinking a plan is shrinking this list: any list decodes to a valid plan.
public struct ChoiceSequence: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var values: [UInt32]
    public init(_ values: [UInt32] = []) { self.values = values }
    public var description: String { values.map(String.init).joined(separator: " ") }

    /// Shortlex order: fewer choices first, then smaller ones. The shrinker only ever moves down it.
    public static func simpler(_ a: ChoiceSequence, than b: ChoiceSequence) -> Bool {
        if a.values.count != b.values.count { return a.values.count < b.values.count }
        for (x, y) in zip(a.values, b.values) where x != y { return x < y }
        return false
    }
}

/// Where choices come from while a plan is generated: a recorded prefix first (a plan being
/// replayed, shrunk or mutated), then a seeded stream, or zeros when there is none. Every choice
/// made is recorded, so the plan can be regenerated exactly.
public struct ChoiceSource {
    private var prefix: [UInt32]
    private var position = 0
    private var random: Xoshiro256StarStar?
    public private(set) var recorded = ChoiceSequence()

    /// Choices drawn from the stream seeded by `seed`.
    public init(seed: UInt64) { prefix = []; random = Xoshiro256StarStar(seed: seed) }

    /// Choices replayed from `sequence`, then from `seed`'s stream (or zeros without one).
    public init(replaying sequence: ChoiceSequence, thenSeed seed: UInt64? = nil) {
        prefix = sequence.values
        random = seed.map { Xoshiro256StarStar(seed: $0) }
    }

    /// A choice in `0..<count` (`count` ≥ 1). A replayed value past the end is clamped, which
    /// keeps the order: a smaller recorded value never decodes to a larger choice.
    public mutating func choose(_ count: Int) -> Int {
        precondition(count >= 1, "a choice needs at least one option")
        let value: UInt32
        if position < prefix.count {
            value = min(prefix[position], UInt32(count - 1))
        } else if random != nil {
            value = UInt32(random!.next(below: UInt64(count)))
        } else {
            value = 0
        }
        position += 1
        recorded.values.append(value)
        return Int(value)
    }

    /// `true` with probability about `numerator / denominator`; `false` is the simpler answer.
    public mutating func chance(_ numerator: Int, in denominator: Int) -> Bool {
        choose(denominator) >= denominator - numerator
    }
}
