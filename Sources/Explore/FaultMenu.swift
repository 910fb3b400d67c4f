import Chaos
import Kernel
import Stack

/// What exploration may draw a fault from on one stack: the kinds (catalogue order, less any
/// left out), the components each applies to, and the day's moments.
public struct FaultMenu: Sendable {
    public let kinds: [FaultKind]
    public let components: [Component]
    public let moments: [Moment]
    public let siteNames: [String]
    public let dayEnd: SimTime
    /// `targets[k]`: indices into `components` that kind `kinds[k]` can hit.
    public let targets: [[Int]]

    /// Kinds that take the component out altogether (N-1 in its strict sense: the loss of one
    /// element), which contingency runs before the kinds that only degrade one.
    public static let outageKinds: [FaultKind] = [.hostCrash, .hostReboot, .hostHang, .processKill, .processPause, .linkCut, .partition,
                                                  .siteLoss, .databaseUnavailable, .middlewareUnavailable]

    /// Duration steps per kind range, and steps per parameter range (0 is the default).
    public static let durationSteps = 12
    public static let parameterSteps = 8
    /// How long before the end of the day every fault has ended.
    public static let settle = SimDuration.minutes(2)

    public init(config: StackConfig, topology: Topology, kinds: [FaultKind] = FaultKind.allCases, moments: [Moment]? = nil) {
        components = Component.all(in: topology)
        self.moments = moments ?? Moment.all(for: config)
        siteNames = topology.siteNames
        dayEnd = config.dayEnd
        let healthChecks = config.gatewayHealthCheck != nil
        let components = self.components
        let usable = kinds.filter { kind in components.contains { $0.accepts(kind, healthChecks: healthChecks) } }
        self.kinds = usable
        targets = usable.map { kind in components.indices.filter { components[$0].accepts(kind, healthChecks: healthChecks) } }
    }

    /// A fault of `kinds[kind]` on `components[component]` from `moments[moment]`; its start
    /// step, duration and parameters come from `choices`.
    public func fault(kind k: Int, component c: Int, moment m: Int, name: String, choices: inout ChoiceSource) -> FaultSpec {
        let kind = kinds[k]
        let descriptor = kind.descriptor
        let start = moments[m].start(step: choices.choose(Moment.steps))
        var fault = FaultSpec(name: name, kind: kind, start: start)
        components[c].aim(&fault, sites: siteNames)
        let range = descriptor.exploreDurations
        var duration = FaultMenu.point(choices.choose(FaultMenu.durationSteps), of: FaultMenu.durationSteps,
                                       Double(range.lowerBound.nanos), Double(range.upperBound.nanos), logarithmic: true)
        duration = duration >= 10e9 ? (duration / 1e9).rounded() * 1e9 : max(1e6, (duration / 1e6).rounded() * 1e6)
        // Every fault ends a while before the day does, so the stack can settle: what is still
        // held by a host down at the end would count as lost without any defect behind it.
        let latestEnd = dayEnd.nanos - FaultMenu.settle.nanos
        fault.duration = SimDuration(nanos: max(1_000_000_000, min(Int64(duration), latestEnd - start.nanos)))
        for parameter in descriptor.parameters {
            if let value = FaultMenu.value(of: parameter, kind: kind, choices: &choices) { fault[parameter.key] = value }
        }
        return fault
    }

    /// A parameter's value: choice 0 is its default (or the low end of its range when it has
    /// none), the others spread over its range. `nil`: the default, without a choice.
    static func value(of parameter: FaultDescriptor.Parameter, kind: FaultKind, choices: inout ChoiceSource) -> FaultValue? {
        let steps = parameterSteps
        func spread(_ lo: Double, _ hi: Double) -> Double? {
            let c = choices.choose(steps)
            if c == 0, parameter.defaultValue != nil { return nil }
            let k = parameter.defaultValue == nil ? c : c - 1
            let n = parameter.defaultValue == nil ? steps : steps - 1
            return point(k, of: n, lo, hi, logarithmic: lo > 0 && hi / lo >= 50)
        }
        switch parameter.key.domain {
        case let .number(domain):
            let r = parameter.explore ?? domain
            return spread(r.lowerBound, r.upperBound).map { .number(significant($0)) }
        case let .integer(domain):
            let r = parameter.explore ?? Double(domain.lowerBound)...Double(domain.upperBound)
            return spread(r.lowerBound, r.upperBound).map { .integer(Int($0.rounded())) }
        case let .duration(domain):
            let r = parameter.explore ?? Double(domain.lowerBound.nanos)...Double(domain.upperBound.nanos)
            return spread(r.lowerBound, r.upperBound).map { .duration(SimDuration(nanos: Int64(significant($0)))) }
        case .durationDistribution:
            // Jitter: exponential, mean 1 ms to 200 ms.
            let mean = point(choices.choose(steps), of: steps, 1e6, 2e8, logarithmic: true)
            return .distribution(.exponential(mean: significant(mean.rounded())))
        case .direction:
            return .direction(FaultSpec.Direction.allCases[choices.choose(FaultSpec.Direction.allCases.count)])
        case .names:
            return nil
        case .label:
            // A drift needs a version or a configuration: a version production does not run.
            return kind.descriptor.needsOneOf.first == parameter.key ? .label("explore-drift") : nil
        }
    }

    /// Point `k` of `n` spread from `lo` to `hi` (0 is `lo`, `n − 1` is `hi`).
    static func point(_ k: Int, of n: Int, _ lo: Double, _ hi: Double, logarithmic: Bool) -> Double {
        guard n > 1 else { return lo }
        let t = Double(k) / Double(n - 1)
        return logarithmic ? lo * DeterministicMath.exp(t * DeterministicMath.log(hi / lo)) : lo + t * (hi - lo)
    }

    /// `x` to three significant digits, so scenario files read plainly.
    static func significant(_ x: Double) -> Double {
        guard x != 0, x.isFinite else { return x }
        var exponent = 0
        var m = abs(x)
        while m >= 1000 { m /= 10; exponent += 1 }
        while m < 100 { m *= 10; exponent -= 1 }
        var power = 1.0
        for _ in 0..<abs(exponent) { power *= 10 }
        let digits = (x < 0 ? -1 : 1) * m.rounded()
        return exponent >= 0 ? digits * power : digits / power
    }
}
