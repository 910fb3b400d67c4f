/// What faults and the load balancers make of the nodes, apart from their hosts (`HostTable`):
/// each node's application or middleware impairment, each site's health checks, and the
/// gateways each site's new connections go to.
struct Conditions {
    /// Per node: what an application or middleware fault does to it.
    var impairments: [ImpairmentState]
    /// Per site: whether its load balancer checks its gateways.
    var healthChecksEnabled: [Bool]
    /// Per site: the gateways new connections go to (all of them without a load balancer).
    var rotation: [[StackNodeID]]

    init(topology: Topology) {
        impairments = Array(repeating: ImpairmentState(), count: topology.nodes.count)
        healthChecksEnabled = Array(repeating: true, count: topology.siteNames.count)
        rotation = topology.gateways
    }
}
