import Kernel
import Net

/// Where each node runs and what each of its hosts is doing now: the part of a run's shared
/// state that faults, failovers and operators change and every message reads (a session
/// reaches a node at whichever host runs it).
struct HostTable {
    /// Per node: the host running it now.
    var active: [HostID]
    /// Per host: up, crashed, hung or paused; the software it runs.
    var state: [HostState]
    var software: [HostSoftware]
    /// Per host: the service-time multiplier CPU load puts on whatever it runs (1 when healthy),
    /// the share of its CPU a fault burns, and the metrics its exporter hides (a monitoring blind spot).
    var slowdown: [Double]
    var cpuLoad: [Double]
    var hiddenMetrics: [UInt8]
    /// Per host: its clock's error.
    var clockSkewNanos: [Int64]
    /// Per host: when it went down (crashed, hung or paused), if it is down.
    var downSince: [SimTime?]

    init(topology: Topology) {
        let count = topology.hosts.count
        active = topology.nodes.map(\.host)
        state = Array(repeating: .up, count: count)
        software = topology.hosts.map(\.software)
        slowdown = Array(repeating: 1, count: count)
        cpuLoad = Array(repeating: 0, count: count)
        hiddenMetrics = Array(repeating: 0, count: count)
        clockSkewNanos = Array(repeating: 0, count: count)
        downSince = Array(repeating: nil, count: count)
    }

    /// Whether the host running `node` now is up.
    @inline(__always)
    func isRunning(_ node: StackNodeID) -> Bool { state[active[Int(node)].index] == .up }
}

/// What the run observed of itself as it went: the monitor's scrapes, alerts and probes, and
/// the clients' answered queries and reports to the operators.
struct Observations {
    /// What the monitor read, the alerts it fired (and those still to send), the probes it ran.
    var samples: [ScrapedSample] = []
    var alerts: [Alert] = []
    var pendingAlerts: [UInt32] = []
    var probes: [ProbeRecord] = []
    /// Per query id: whether its answer reached the client. Client reports, in the order made.
    var queryAnswered: [Bool] = []
    var clientReports: [ClientReport] = []
}
