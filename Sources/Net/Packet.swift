import Kernel

/// A message in flight between hosts, as the kernel carries it.
public struct Packet<Message> {
    public var ticket: FlightTicket
    /// `true` for the second copy of a duplicated message.
    public var isDuplicate: Bool
    public var message: Message

    @inlinable public init(ticket: FlightTicket, isDuplicate: Bool, message: Message) {
        self.ticket = ticket; self.isDuplicate = isDuplicate; self.message = message
    }
}

/// An event payload that can carry network packets, so that a world's single payload type can
/// ride the kernel's queue together with the network's.
public protocol NetworkPayload {
    associatedtype Message
    static func packet(_ packet: Packet<Message>) -> Self
}

/// A payload that also carries network state changes as they are (`Network.schedule`). A world
/// whose events must stay plain data keeps its changes in a table and schedules their indices.
public protocol NetworkControlPayload: NetworkPayload {
    static func netControl(_ control: NetControl) -> Self
}

extension Network {
    /// Sends `message` from host `from` to host `to` and schedules each copy that will arrive
    /// as an event for `target`. On arrival, pass the packet to `admit(_:at:)`.
    @discardableResult
    @inlinable
    public mutating func send<P: NetworkPayload>(
        _ message: P.Message, from: HostID, to: HostID, target: NodeID, bytes: Int, in simulation: inout Simulation<P>
    ) -> Transmission {
        let t = transmit(from: from, to: to, bytes: bytes, at: simulation.now)
        if let arrival = t.arrival {
            simulation.schedule(.packet(Packet(ticket: t.ticket, isDuplicate: false, message: message)), to: target, at: arrival)
        }
        if let arrival = t.duplicateArrival {
            simulation.schedule(.packet(Packet(ticket: t.ticket, isDuplicate: true, message: message)), to: target, at: arrival)
        }
        return t
    }

    /// Schedules a state change at `time`; when its event fires, pass it to `apply(_:at:)`.
    @discardableResult
    public func schedule<P: NetworkControlPayload>(_ control: NetControl, at time: SimTime, in simulation: inout Simulation<P>) -> EventID {
        simulation.schedule(.netControl(control), to: .world, at: time)
    }

    /// Whether a packet arriving now survives what happened to its path while it flew.
    @inlinable
    public mutating func admit<M>(_ packet: Packet<M>, at now: SimTime) -> Bool {
        admit(packet.ticket, at: now)
    }
}
