import Chaos
import Kernel

/// How long one system was down over a run, cumulatively.
public struct SystemOutage: Equatable, Sendable {
    /// A policy's system name: `online_trading`, `margin`, …
    public var system: String
    /// Time fully down, and time fully or partly down (so `fullNanos <= anyNanos`).
    public var fullNanos: Int64
    public var anyNanos: Int64
    public init(system: String, fullNanos: Int64, anyNanos: Int64) {
        precondition(fullNanos <= anyNanos, "full outage longer than the whole outage")
        self.system = system; self.fullNanos = fullNanos; self.anyNanos = anyNanos
    }
}

/// The grade an outage earns, and how close it came to a more serious one.
public struct IncidentVerdict: Equatable, Sendable {
    public var system: String
    /// The outage the deciding rule counted (or the whole outage when no rule was met).
    public var outageNanos: Int64
    /// The grade's name, or `none` when no rule was met.
    public var grade: String
    public var label: String
    /// Set when a more serious grade's threshold was missed by at most the policy's margin.
    public var nearMiss: NearMiss?

    public struct NearMiss: Equatable, Sendable {
        public var grade: String
        public var thresholdNanos: Int64
        public var outageNanos: Int64
        /// `thresholdNanos − outageNanos`: how much longer the outage would have had to last.
        public var gapNanos: Int64

        public init(grade: String, thresholdNanos: Int64, outageNanos: Int64, gapNanos: Int64) {
            self.grade = grade; self.thresholdNanos = thresholdNanos; self.outageNanos = outageNanos; self.gapNanos = gapNanos
        }
    }
}

extension IncidentPolicy {
    /// Grades `outage` at a broker with `activeClients` active clients: the first grade (most
    /// serious first) one of whose rules the outage meets, and the closest near miss among the
    /// more serious grades' rules that apply to this system and broker.
    public func grade(_ outage: SystemOutage, activeClients: Int) -> IncidentVerdict {
        func counted(_ rule: Rule) -> Int64 { rule.extent == .full ? outage.fullNanos : outage.anyNanos }
        var verdict = IncidentVerdict(system: outage.system, outageNanos: outage.anyNanos, grade: "none", label: "none", nearMiss: nil)
        var decided = grades.count
        search: for (k, grade) in grades.enumerated() {
            for rule in grade.rules where rule.applies(to: outage.system, activeClients: activeClients)
                && counted(rule) >= rule.cumulativeAtLeast.nanos {
                verdict.grade = grade.name
                verdict.label = grade.label
                verdict.outageNanos = counted(rule)
                decided = k
                break search
            }
        }
        for grade in grades[..<decided] {
            for rule in grade.rules where rule.applies(to: outage.system, activeClients: activeClients) {
                let gap = rule.cumulativeAtLeast.nanos - counted(rule)
                guard gap > 0, gap <= nearMissMargin.nanos else { continue }
                if verdict.nearMiss == nil || gap < verdict.nearMiss!.gapNanos {
                    verdict.nearMiss = .init(grade: grade.name, thresholdNanos: rule.cumulativeAtLeast.nanos,
                                             outageNanos: counted(rule), gapNanos: gap)
                }
            }
        }
        return verdict
    }
}
