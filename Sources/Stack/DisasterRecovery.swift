import Kernel
import Net

extension StackWorld {
    /// Runs every node of `site` that has a DR replica on that replica (an operator's DR
    /// switch). A replica has the primary's durable state as replication had delivered it: a
    /// tier's asset store loses what was journaled in the last `lag` before its primary went
    /// down (the RPO), and the orders those entries belonged to are unknown to it from then on.
    mutating func failOver(site: String, in sim: inout Simulation<StackPayload>) {
        let topology = ctx.topology
        guard let s = topology.siteNames.firstIndex(of: site) else { return }
        for (n, node) in topology.nodes.enumerated() where node.site == s {
            guard let replica = node.hosts.first(where: { topology.hosts[$0.index].role == .dr }),
                  ctx.hosts.active[n] != replica else { continue }
            let old = ctx.hosts.active[n]
            if topology.kindOf[n] == .tier {
                // The replica holds what was journaled up to `lag` before the running host stopped
                // (everything, if it still runs: replication catches up before the switch).
                let downAt = ctx.hosts.state[old.index] == .up ? sim.now : (ctx.hosts.downSince[old.index] ?? sim.now)
                let cutoff = downAt.nanos - drLagNanos
                let lost = tiers[Int(topology.localOf[n])].store.undoJournal(after: cutoff)
                if ctx.ledger.orphaned.count < ctx.ledger.orders.count {
                    ctx.ledger.orphaned.append(contentsOf: repeatElement(false, count: ctx.ledger.orders.count - ctx.ledger.orphaned.count))
                }
                for entry in lost where !ctx.ledger.orphaned[Int(entry)] {
                    ctx.ledger.orphaned[Int(entry)] = true
                    ctx.ledger.orphanedOrders.append(entry)
                }
            }
            takeOver(StackNodeID(n), by: replica, cause: .operator, hot: false, in: &sim)
        }
    }

    /// Runs the site's nodes on their primaries again (after a rehearsal: the replica's state
    /// has been copied back, so nothing is lost), where the primary is up.
    mutating func failBack(site: String, in sim: inout Simulation<StackPayload>) {
        let topology = ctx.topology
        guard let s = topology.siteNames.firstIndex(of: site) else { return }
        for (n, node) in topology.nodes.enumerated() where node.site == s {
            let active = ctx.hosts.active[n]
            guard topology.hosts[active.index].role == .dr, ctx.hosts.state[node.host.index] == .up else { continue }
            takeOver(StackNodeID(n), by: node.host, cause: .operator, hot: true, in: &sim)
        }
    }
}
