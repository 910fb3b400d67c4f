import Chaos
import Kernel
import Scoring
import Stack

/// A finished, judged run with what the machine measured around it: the input to every report.
public struct RunReport {
    public var run: StackRunResult
    public var card: Scorecard
    /// The scenario file, as given on the command line.
    public var scenarioFile: String
    /// Measured outside the simulation; never part of the digest.
    public var wallSeconds: Double
    public var peakMemoryBytes: Int64
    /// The faults the scenario injected.
    public var faults: [FaultSpec]

    public init(run: StackRunResult, card: Scorecard, scenarioFile: String, faults: [FaultSpec] = [],
                wallSeconds: Double, peakMemoryBytes: Int64) {
        self.run = run; self.card = card; self.scenarioFile = scenarioFile; self.faults = faults
        self.wallSeconds = wallSeconds; self.peakMemoryBytes = peakMemoryBytes
    }

    public static let schema = "firedrill.result/1"
    public static let seriesFile = "series.csv"

    /// What a fault hit: its hosts (and selector), its link ends as `a–b`, its groups, or its site.
    static func target(_ fault: FaultSpec) -> String {
        switch fault.kind.target {
        case .hosts:
            var parts = fault.nodes
            if let s = fault.selector {
                parts.append([s.count.map { "\($0) ×" }, s.tier?.name, s.kind.description, s.site.map { "at \($0)" }]
                    .compactMap { $0 }.joined(separator: " "))
            }
            return parts.joined(separator: ", ")
        case .between: return fault.between.joined(separator: "–")
        case .groups: return fault.groups.map { $0.joined(separator: ", ") }.joined(separator: " | ")
        case .site: return fault.site ?? ""
        }
    }
}
