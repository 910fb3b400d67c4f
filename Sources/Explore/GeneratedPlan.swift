import Chaos
import Stack

/// A fault plan decoded from a choice sequence, with where each fault's choices lie (so a
/// fault can be dropped or replaced by editing the sequence) and what each fault hits.
public struct GeneratedPlan: Equatable, Sendable {
    public var choices: ChoiceSequence
    public var faults: [FaultSpec]
    /// Per fault: its component's index in the menu, and the positions of its choices.
    public var components: [Int]
    public var blocks: [Range<Int>]
    /// Families switched off for this plan (swarm testing).
    public var familiesOff: [FaultDescriptor.Family]

    /// Positions in every sequence: the family switches, then the fault count.
    static let familyChoices = FaultDescriptor.Family.allCases.count
    static let countPosition = familyChoices

    /// Decodes a plan of 1…`maxFaults` faults. The layout of the sequence: one switch per
    /// family (0: on; at least one family stays on), the number of faults less one, then per
    /// fault its kind among those on, its target among the kind's, its moment, its start step
    /// within the moment, its duration step and its parameters.
    public static func decode(_ choices: inout ChoiceSource, menu: FaultMenu, maxFaults: Int) -> GeneratedPlan {
        var off: [FaultDescriptor.Family] = []
        for family in FaultDescriptor.Family.allCases where choices.chance(1, in: 3) { off.append(family) }
        var kinds = menu.kinds.indices.filter { !off.contains(menu.kinds[$0].descriptor.family) }
        if kinds.isEmpty { kinds = Array(menu.kinds.indices); off = [] }
        let count = 1 + choices.choose(maxFaults)
        var plan = GeneratedPlan(choices: ChoiceSequence(), faults: [], components: [], blocks: [], familiesOff: off)
        for i in 0..<count {
            let from = choices.recorded.values.count
            let k = kinds[choices.choose(kinds.count)]
            let targets = menu.targets[k]
            let c = targets[choices.choose(targets.count)]
            let m = choices.choose(menu.moments.count)
            let name = "\(menu.kinds[k].rawValue.replacingUnderscores)-\(i + 1)"
            plan.faults.append(menu.fault(kind: k, component: c, moment: m, name: name, choices: &choices))
            plan.components.append(c)
            plan.blocks.append(from..<choices.recorded.values.count)
        }
        plan.choices = choices.recorded
        return plan
    }

    /// Replays `sequence` (zeros past its end) into a plan.
    public static func replay(_ sequence: ChoiceSequence, menu: FaultMenu, maxFaults: Int) -> GeneratedPlan {
        var source = ChoiceSource(replaying: sequence)
        return decode(&source, menu: menu, maxFaults: maxFaults)
    }

    /// The prefix that fixes a plan's first fault to kind `k` on component `c` at moment `m`
    /// (every family on, one fault): the rest of its choices follow.
    static func prefix(kind k: Int, component c: Int, moment m: Int, menu: FaultMenu) -> [UInt32] {
        let target = menu.targets[k].firstIndex(of: c)!
        return [UInt32](repeating: 0, count: familyChoices) + [0, UInt32(k), UInt32(target), UInt32(m)]
    }

    /// The component families the plan's faults hit, sorted, each once.
    public func families(in menu: FaultMenu) -> [String] {
        Array(Set(components.map { menu.components[$0].family })).sorted()
    }
}

extension String {
    /// `host_crash` → `host-crash`, for fault names in written scenarios.
    var replacingUnderscores: String { String(map { $0 == "_" ? "-" : $0 }) }
}
