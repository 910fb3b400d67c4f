import Chaos
import Stack

/// A decoded scenario file: the stack it describes and the faults it injects.
public struct ScenarioDocument: Equatable, Sendable {
    public var stack: StackConfig
    public var faults: [FaultSpec]
    public init(stack: StackConfig, faults: [FaultSpec] = []) { self.stack = stack; self.faults = faults }
}
