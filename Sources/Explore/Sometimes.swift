import Chaos
import Exchange
import Kernel
import Scoring
import Stack

/// The rare states a run can reach ("sometimes" points), read from a finished run: coverage
/// feedback keeps the plans that reach one no earlier plan reached, and the report lists how
/// often each was reached and which never were. Every point is derived from what the run
/// records, so watching for them costs the simulation nothing.
public enum Sometimes {
    /// Every point, in report order.
    public static let all: [String] = [
        "standby takes over during a call auction",
        "standby takes over during continuous trading",
        "operator switches over by hand",
        "manual switch-over after a failed automated one",
        "DR failover during trading",
        "acknowledged orders lost in a failover",
        "load balancer takes a gateway out of rotation",
        "load balancer puts a gateway back in rotation",
        "sessions resend held messages",
        "messages lost at a hung process",
        "orders refused as busy (rate limit, full pool or queue)",
        "orders refused as unavailable (circuit breaker, failed dependency)",
        "offer gateway logon refused by its exchange",
        "an alert fires",
        "clients report failures to the broker",
        "a probe order fails",
        "clearing runs with a broker host down",
        "clearing does not finish",
        "a guard fires",
        "an invariant stops the run",
    ]

    /// The points `run` reached, in `all`'s order.
    public static func reached(_ run: StackRunResult, card: Scorecard, plan: [FaultSpec]) -> [String] {
        let schedule = run.config.schedule
        let topology = run.topology
        var hit = [Bool](repeating: false, count: all.count)
        func mark(_ name: String) { hit[all.firstIndex(of: name)!] = true }
        for t in run.takeovers {
            let phase = schedule.phase(at: t.at.nanos)
            if topology.hosts[t.to.index].role == .dr {
                if phase.acceptsInstructions { mark("DR failover during trading") }
            } else if t.cause == .heartbeat {
                if phase.isCall { mark("standby takes over during a call auction") }
                if phase.isContinuous { mark("standby takes over during continuous trading") }
            } else {
                mark("operator switches over by hand")
            }
        }
        var automatedFailed = false
        for event in run.operatorLog {
            if case .automatedFailed = event.kind { automatedFailed = true }
            if case .stepDone = event.kind, automatedFailed { mark("manual switch-over after a failed automated one") }
        }
        if !run.ordersLostInFailover.isEmpty { mark("acknowledged orders lost in a failover") }
        for change in run.rotationChanges { mark(change.joined ? "load balancer puts a gateway back in rotation" : "load balancer takes a gateway out of rotation") }
        if run.sessions.redelivered + run.sessions.redirected > 0 { mark("sessions resend held messages") }
        if run.sessions.lostAtHungHosts > 0 { mark("messages lost at a hung process") }
        for (reason, count) in card.outcomes.rejectedBy where count > 0 {
            if reason == .busy { mark("orders refused as busy (rate limit, full pool or queue)") }
            if reason == .unavailable { mark("orders refused as unavailable (circuit breaker, failed dependency)") }
        }
        if run.logonsRefused > 0 { mark("offer gateway logon refused by its exchange") }
        if !run.alerts.isEmpty { mark("an alert fires") }
        if !run.clientReports.isEmpty { mark("clients report failures to the broker") }
        if run.probes.contains(where: { !$0.ok }) { mark("a probe order fails") }
        let clearing = run.config.clearingAt
        if plan.contains(where: { f in f.kind.descriptor.takesInstancesDown && f.start <= clearing && (f.end.map { $0 > clearing } ?? true) }) {
            mark("clearing runs with a broker host down")
        }
        if run.clearing.collectedAt == nil { mark("clearing does not finish") }
        if !run.guardFirings.isEmpty { mark("a guard fires") }
        if run.violation != nil { mark("an invariant stops the run") }
        return all.indices.filter { hit[$0] }.map { all[$0] }
    }
}
