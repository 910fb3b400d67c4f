import Kernel
import Net

/// The gateways' load balancers, one per site, checking their gateways at an interval. A
/// check needs no network here: the balancer sits beside the gateways in their data centre.
/// A shallow check passes while the host accepts connections (up or hung); a deep one only
/// while the process answers (up). Operators can drain a gateway by hand.
struct BalancerState {
    let config: HealthCheckConfig
    /// Per node (gateways only): checks failed and passed in a row, in rotation, drained.
    var failedInRow: [Int]
    var passedInRow: [Int]
    var inRotation: [Bool]
    var drained: [Bool]
    /// Every gateway leaving or rejoining a rotation: when, which, and whether it joined.
    var changes: [(at: SimTime, node: StackNodeID, joined: Bool)] = []

    init(config: HealthCheckConfig, nodes: Int) {
        self.config = config
        failedInRow = Array(repeating: 0, count: nodes)
        passedInRow = Array(repeating: 0, count: nodes)
        inRotation = Array(repeating: true, count: nodes)
        drained = Array(repeating: false, count: nodes)
    }
}

extension StackWorld {
    /// One round of checks on the gateways of the site of `anchor` (its first gateway).
    mutating func checkHealth(site: Int, in sim: inout Simulation<StackPayload>) {
        guard var lb = balancer else { return }
        for g in ctx.topology.gateways[site] where ctx.conditions.healthChecksEnabled[site] {
            let state = ctx.hosts.state[ctx.hosts.active[Int(g)].index]
            let passes = lb.config.depth == .shallow ? state != .crashed : state == .up
            if passes {
                lb.passedInRow[Int(g)] += 1
                lb.failedInRow[Int(g)] = 0
            } else {
                lb.failedInRow[Int(g)] += 1
                lb.passedInRow[Int(g)] = 0
            }
            let wanted = !lb.drained[Int(g)]
                && (lb.inRotation[Int(g)] ? lb.failedInRow[Int(g)] < lb.config.failures : lb.passedInRow[Int(g)] >= lb.config.rises)
            if wanted != lb.inRotation[Int(g)] {
                lb.inRotation[Int(g)] = wanted
                lb.changes.append((sim.now, g, wanted))
            }
        }
        balancer = lb
        updateRotation(site: site)
        sim.setTimer(.timer(.healthCheck), for: ctx.topology.gateways[site][0].target, after: lb.config.interval)
    }

    /// An operator drains a gateway, or puts it back.
    mutating func setRotation(_ gateway: StackNodeID, inRotation: Bool, at now: SimTime) {
        guard var lb = balancer, ctx.topology.kindOf[Int(gateway)] == .gateway else { return }
        lb.drained[Int(gateway)] = !inRotation
        if lb.inRotation[Int(gateway)] != inRotation {
            lb.inRotation[Int(gateway)] = inRotation
            lb.failedInRow[Int(gateway)] = 0
            lb.passedInRow[Int(gateway)] = 0
            lb.changes.append((now, gateway, inRotation))
        }
        balancer = lb
        updateRotation(site: Int(ctx.topology.siteOf[Int(gateway)]))
    }

    /// The gateways new connections on `site` go to: those in rotation, or all of them when
    /// none is (a balancer with nothing healthy fails open).
    private mutating func updateRotation(site: Int) {
        guard let lb = balancer else { return }
        let all = ctx.topology.gateways[site]
        let healthy = all.filter { lb.inRotation[Int($0)] }
        ctx.conditions.rotation[site] = healthy.isEmpty ? all : healthy
    }
}
