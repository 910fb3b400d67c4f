/// An event as a node receives it: when it fires, which node it is for, and what it carries.
public struct Event<Payload> {
    /// The virtual time at which the event fires; the simulation clock reads this while it is handled.
    public var time: SimTime
    /// The id `schedule` returned for it.
    public var id: EventID
    /// The node the event is addressed to, or `NodeID.world`.
    public var target: NodeID
    public var payload: Payload

    @inlinable public init(time: SimTime, id: EventID, target: NodeID, payload: Payload) {
        self.time = time; self.id = id; self.target = target; self.payload = payload
    }
}

/// What a run is driven by: one handler receives every event in `(time, sequence)` order and
/// may schedule or cancel further events through the simulation it is given.
public protocol EventHandler<Payload> {
    associatedtype Payload
    mutating func handle(_ event: Event<Payload>, in simulation: inout Simulation<Payload>)
}

/// A simulation node: owns its state and reacts to the events addressed to it.
public protocol SimNode<Payload> {
    associatedtype Payload
    mutating func receive(_ event: Event<Payload>, in simulation: inout Simulation<Payload>)
}

/// Dispatches each event to the node its target id indexes; for worlds made of one node type.
public struct NodeArray<Node: SimNode>: EventHandler {
    public var nodes: [Node]

    @inlinable public init(_ nodes: [Node]) { self.nodes = nodes }

    @inlinable
    public mutating func handle(_ event: Event<Node.Payload>, in simulation: inout Simulation<Node.Payload>) {
        precondition(event.target.raw >= 0 && event.target.index < nodes.count, "event for unknown \(event.target)")
        nodes[event.target.index].receive(event, in: &simulation)
    }
}
