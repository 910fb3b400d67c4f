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

    /// What a fault hit: its nodes, or its link ends as `a–b`.
    static func target(_ fault: FaultSpec) -> String {
        fault.kind.isHostFault ? fault.nodes.joined(separator: ", ") : fault.between.joined(separator: "–")
    }
}
