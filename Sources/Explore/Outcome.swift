import Chaos
import Kernel
import Reports
import Scoring
import Stack

/// How bad a failure is, most serious first: an invariant broken (a defect of the modelled
/// stack or of FireDrill), an incident graded at or above the threshold, SLA rows failed.
public enum FailureClass: Int, Comparable, CaseIterable, Sendable {
    case invariant, incident, sla

    public static func < (a: FailureClass, b: FailureClass) -> Bool { a.rawValue < b.rawValue }
    public var word: String { ["invariant", "incident", "sla"][rawValue] }
}

/// What a failure is, for grouping runs that broke the stack the same way: its class, what
/// broke (an invariant's name, a system and grade, an SLA's subject) and the families of the
/// components the plan's faults hit.
public struct Signature: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var failure: FailureClass
    public var subject: String
    public var families: [String]

    /// A file name: `invariant-accounts_reconcile--normal-tier`.
    public var key: String {
        let words = [failure.word, subject] + ["", families.joined(separator: "+")]
        return words.joined(separator: "-").map { c -> Character in
            c.isLetter || c.isNumber || c == "_" || c == "-" || c == "+" ? Character(c.lowercased()) : "-"
        }.reduce(into: "") { out, c in if !(c == "-" && out.hasSuffix("---")) { out.append(c) } }
    }
    public var description: String { "\(failure.word): \(subject) (\(families.joined(separator: ", ")))" }

    public static func < (a: Signature, b: Signature) -> Bool {
        (a.failure, a.subject, a.families.joined(separator: "+")) < (b.failure, b.subject, b.families.joined(separator: "+"))
    }
}

/// One run's outcome, judged against the same stack run without faults: only what the faults
/// changed counts.
public struct RunOutcome: Equatable, Sendable {
    public var digest: String
    /// Invariants broken that held without faults (and that the plan's kinds do not break by design).
    public var invariants: [String]
    /// Invariants broken by design (a tampering fault's accounts), noted but not findings.
    public var expectedBreaks: [String]
    /// Incidents at or above the threshold: system and grade, most serious first.
    public var incidents: [String]
    /// The most serious grade of any incident, or `nil`.
    public var worstGrade: String?
    /// SLA checks failed that were met without faults: each check's subject and name.
    public var slas: [(subject: String, name: String)]
    public var rpoOrders: Int
    public var rtoNanos: Int64?
    /// The rare states the run reached ("sometimes" points).
    public var reached: [String]
    /// What its most serious failure showed, in the scorecard's words.
    public var detail = ""

    public init(digest: String, invariants: [String] = [], expectedBreaks: [String] = [], incidents: [String] = [], worstGrade: String? = nil,
                slas: [(subject: String, name: String)] = [], rpoOrders: Int = 0, rtoNanos: Int64? = nil, reached: [String] = [], detail: String = "") {
        self.digest = digest; self.invariants = invariants; self.expectedBreaks = expectedBreaks; self.incidents = incidents
        self.worstGrade = worstGrade; self.slas = slas; self.rpoOrders = rpoOrders; self.rtoNanos = rtoNanos; self.reached = reached
        self.detail = detail
    }

    public var failure: FailureClass? {
        if !invariants.isEmpty { return .invariant }
        if !incidents.isEmpty { return .incident }
        if !slas.isEmpty { return .sla }
        return nil
    }

    /// The signature of its most serious failure (`nil`: none).
    public func signature(families: [String]) -> Signature? {
        guard let failure else { return nil }
        switch failure {
        case .invariant: return Signature(failure: .invariant, subject: invariants[0], families: families)
        case .incident: return Signature(failure: .incident, subject: incidents[0], families: families)
        case .sla: return Signature(failure: .sla, subject: slas[0].subject, families: families)
        }
    }

    public static func == (a: RunOutcome, b: RunOutcome) -> Bool {
        a.digest == b.digest && a.invariants == b.invariants && a.expectedBreaks == b.expectedBreaks && a.incidents == b.incidents
            && a.worstGrade == b.worstGrade && a.slas.map(\.name) == b.slas.map(\.name) && a.slas.map(\.subject) == b.slas.map(\.subject)
            && a.rpoOrders == b.rpoOrders && a.rtoNanos == b.rtoNanos && a.reached == b.reached && a.detail == b.detail
    }
}

/// Judges runs against the fault-free baseline.
public struct Judge: Sendable {
    public var baselineInvariants: [String]
    public var baselineSLAs: [String]
    public var baselineIncidents: [String: Int]
    /// Grade names, most serious first, and the least serious that counts as a failure.
    public var grades: [String]
    public var threshold: String

    public init(baseline: RunReport, threshold: String) {
        baselineInvariants = baseline.card.invariants.filter { !$0.held }.map(\.name)
        baselineSLAs = baseline.card.slas.filter { !$0.met }.map(\.name)
        grades = baseline.card.policy?.grades.map(\.name) ?? []
        self.threshold = threshold
        var incidents: [String: Int] = [:]
        for i in baseline.card.incidents {
            if let rank = grades.firstIndex(of: i.grade) { incidents[i.system] = min(incidents[i.system] ?? rank, rank) }
        }
        baselineIncidents = incidents
    }

    public func outcome(_ report: RunReport, plan: [FaultSpec]) -> RunOutcome {
        let card = report.card
        let byDesign = Set(plan.flatMap { $0.kind.descriptor.breaksByDesign })
        var broken = card.invariants.filter { !$0.held && !baselineInvariants.contains($0.name) }.map(\.name)
        var seen = Set<String>()
        broken = broken.filter { seen.insert($0).inserted }
        let expected = broken.filter { byDesign.contains($0) }
        broken = broken.filter { !byDesign.contains($0) }
        let cutoff = grades.firstIndex(of: threshold) ?? -1
        var incidents: [(rank: Int, text: String)] = []
        var worst: Int?
        for i in card.incidents {
            guard let rank = grades.firstIndex(of: i.grade) else { continue }
            if let before = baselineIncidents[i.system], before <= rank { continue }
            worst = min(worst ?? rank, rank)
            if rank <= cutoff { incidents.append((rank, "\(i.system) \(i.grade)")) }
        }
        incidents.sort { $0.rank < $1.rank }
        var slas: [(String, String)] = []
        for (k, check) in card.slas.enumerated() where !check.met && !baselineSLAs.contains(check.name) {
            let subject: String
            switch check.kind {
            case .latency: subject = k < card.latency.count ? "latency \(card.latency[k].system)" : "latency"
            case .guard: subject = check.name
            default: subject = check.kind.rawValue
            }
            slas.append((subject, check.name))
        }
        var detail = ""
        if let name = broken.first, let result = card.invariants.first(where: { $0.name == name }) {
            detail = "\(name) broken: \(result.detail)"
        } else if let first = incidents.first, let i = card.incidents.first(where: { "\($0.system) \($0.grade)" == first.text }) {
            detail = "\(i.system) graded \(i.grade) (\(i.label)): \(SimDuration(nanos: i.outageNanos)) of outage"
        } else if let (_, name) = slas.first, let check = card.slas.first(where: { $0.name == name }) {
            detail = "\(check.name): \(check.value), limit \(check.limit)"
        }
        var outcome = RunOutcome(digest: report.run.digest, invariants: broken, expectedBreaks: expected, incidents: incidents.map(\.text),
                          worstGrade: worst.map { grades[$0] }, slas: slas,
                          rpoOrders: card.faults.map(\.rpoOrders).max() ?? 0, rtoNanos: card.faults.compactMap(\.rtoNanos).max(),
                          reached: Sometimes.reached(report.run, card: card, plan: plan))
        outcome.detail = detail
        return outcome
    }
}
