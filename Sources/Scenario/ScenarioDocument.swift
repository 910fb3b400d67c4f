import Chaos
import Stack

/// A decoded scenario file: the stack it describes and the faults it injects.
public struct ScenarioDocument: Equatable, Sendable {
    public var stack: StackConfig
    public var faults: [FaultSpec]
    /// The incident-grading policy to apply, by name (`Faults/policies/<name>.yaml`), or `nil`
    /// for none; `policyGiven` says whether the file named it (else it is the default).
    public var policy: String?
    public var policyGiven: Bool
    /// Guards that stop or roll back the run (SPEC §5).
    public var guards: [Guard]
    /// The fault definitions (`Faults/<name>.yaml`) its faults used, as paths: with the scenario
    /// and its policy, every file the run's inputs came from.
    public var definitionsRead: [String]
    /// Where each fault of `faults` was written (`file:line:column`), so a problem found when
    /// the plan is built points at its entry.
    public var faultPlaces: [ScenarioError] = []
    public static let defaultPolicy = "csrc-2012"

    public init(stack: StackConfig, faults: [FaultSpec] = [], policy: String? = ScenarioDocument.defaultPolicy, policyGiven: Bool = false,
                guards: [Guard] = [], definitionsRead: [String] = []) {
        self.stack = stack; self.faults = faults; self.policy = policy; self.policyGiven = policyGiven; self.guards = guards
        self.definitionsRead = definitionsRead
    }

    /// `error` (found building the stack or its fault plan) as `file:line:column: field: problem`
    /// when it is about a fault, else `file: field: problem`.
    public static func locate(_ field: String, _ problem: String, in file: String, faultPlaces: [ScenarioError]) -> String {
        if field.hasPrefix("faults["), let close = field.firstIndex(of: "]"),
           let k = Int(field[field.index(field.startIndex, offsetBy: 7)..<close]), faultPlaces.indices.contains(k) {
            var e = faultPlaces[k]
            e.field = field
            e.message = problem
            return e.description
        }
        return "\(file): \(field): \(problem)"
    }

    /// Where a named policy is looked for: beside the scenario's folder, then under the working directory.
    public static func policyPaths(_ name: String, scenarioPath: String) -> [String] {
        let dir = scenarioPath.contains("/") ? String(scenarioPath[..<scenarioPath.lastIndex(of: "/")!]) : "."
        return [PathText.normalized("\(dir)/../Faults/policies/\(name).yaml"), "Faults/policies/\(name).yaml"]
    }
}
