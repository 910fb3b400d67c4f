/// Shrinks a failing plan by shrinking its choice sequence: drop whole faults (the last
/// first), then pull each choice toward zero (to zero, to half, one less), keeping a candidate
/// only when it is simpler (`ChoiceSequence.simpler`) and still fails the same way — the same
/// class and subject, on no component family the original did not hit. Every candidate decodes
/// to a valid plan, so no run is spent on one the stack would refuse.
public struct Shrinker: Sendable {
    /// Runs a plan and judges it.
    let run: @Sendable (GeneratedPlan) -> Answer
    let menu: FaultMenu
    let maxFaults: Int
    /// Candidates one shrink may try. A candidate whose answer is `known` (exploration ran it)
    /// is not run again, but it counts: what a shrink gives never depends on what else was run,
    /// so a shard's shrink equals the whole exploration's.
    let budget: Int
    let known: [ChoiceSequence: Answer]

    public init(menu: FaultMenu, maxFaults: Int, budget: Int, known: [ChoiceSequence: Answer] = [:], run: @escaping @Sendable (GeneratedPlan) -> Answer) {
        self.menu = menu; self.maxFaults = maxFaults; self.budget = budget; self.known = known; self.run = run
    }

    /// The simplest plan found, what it did, and the candidates tried finding it.
    public func shrink(_ plan: GeneratedPlan, outcome: RunOutcome, keeping target: Signature) -> (GeneratedPlan, RunOutcome, Int) {
        var current = plan, kept = outcome, spent = 0
        var memo: [ChoiceSequence: Answer] = [:]
        func attempt(_ values: [UInt32]) -> Bool {
            guard spent < budget else { return false }
            let candidate = GeneratedPlan.replay(ChoiceSequence(values), menu: menu, maxFaults: maxFaults)
            guard ChoiceSequence.simpler(candidate.choices, than: current.choices) else { return false }
            let answer: Answer
            if let seen = memo[candidate.choices] { answer = seen } else {
                answer = known[candidate.choices] ?? run(candidate)
                memo[candidate.choices] = answer
                spent += 1
            }
            guard let result = answer.outcome, let s = result.signature(families: candidate.families(in: menu)),
                  s.failure == target.failure, s.subject == target.subject, s.families.allSatisfy(target.families.contains) else { return false }
            current = candidate
            kept = result
            return true
        }
        var improved = true
        while improved && spent < budget {
            improved = false
            for block in current.blocks.reversed() where current.faults.count > 1 {
                var values = current.choices.values
                values.removeSubrange(block)
                values[GeneratedPlan.countPosition] -= 1
                if attempt(values) { improved = true; break }
            }
            if improved { continue }
            positions: for position in current.choices.values.indices {
                let v = current.choices.values[position]
                if v == 0 { continue }
                for smaller in [0, v / 2, v - 1] where smaller < v {
                    var values = current.choices.values
                    values[position] = smaller
                    if attempt(values) { improved = true; break positions }
                }
            }
        }
        return (current, kept, spent)
    }
}
