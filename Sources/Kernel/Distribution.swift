/// A seeded source of real values: service times, jitter, inter-arrival gaps, sizes.
///
/// Sampling uses only the generator it is given and `DeterministicMath`, so the same
/// stream yields the same values on every machine. Durations go through `sampleNanos`,
/// which rounds to whole nanoseconds before anything is scheduled.
public enum Distribution: Equatable, Sendable, CustomStringConvertible {
    /// Always `value`.
    case constant(Double)
    /// Uniform on `[low, high)`.
    case uniform(low: Double, high: Double)
    /// Exponential with the given mean (inter-arrival gaps of a Poisson process).
    case exponential(mean: Double)
    /// Gaussian; may return negative values, which `sampleNanos` clamps at zero.
    case normal(mean: Double, standardDeviation: Double)
    /// `exp(N(mu, sigma))`: `mu` and `sigma` are those of the underlying normal, so the median is `exp(mu)`.
    case lognormal(mu: Double, sigma: Double)
    /// Pareto type I: `scale` is the minimum value, `shape` (α) the tail index.
    case pareto(scale: Double, shape: Double)
    /// Piecewise-linear between measured percentiles.
    case empirical(PercentileTable)

    /// A lognormal distribution given by its median (`exp(mu)`) and `sigma`.
    public static func lognormal(median: Double, sigma: Double) -> Distribution {
        .lognormal(mu: DeterministicMath.log(median), sigma: sigma)
    }

    /// Checks the parameters; a run never starts with an invalid distribution.
    public func validate() throws(DistributionError) {
        func finite(_ v: Double, _ name: String) throws(DistributionError) {
            if !v.isFinite { throw .invalidParameter(name: name, value: v, expected: "a finite number") }
        }
        switch self {
        case let .constant(v):
            try finite(v, "value")
        case let .uniform(low, high):
            try finite(low, "low"); try finite(high, "high")
            if high < low { throw .invalidParameter(name: "high", value: high, expected: "at least low (\(low))") }
        case let .exponential(mean):
            try finite(mean, "mean")
            if mean <= 0 { throw .invalidParameter(name: "mean", value: mean, expected: "a positive number") }
        case let .normal(mean, sd):
            try finite(mean, "mean"); try finite(sd, "standardDeviation")
            if sd < 0 { throw .invalidParameter(name: "standardDeviation", value: sd, expected: "zero or more") }
        case let .lognormal(mu, sigma):
            try finite(mu, "mu"); try finite(sigma, "sigma")
            if sigma < 0 { throw .invalidParameter(name: "sigma", value: sigma, expected: "zero or more") }
        case let .pareto(scale, shape):
            try finite(scale, "scale"); try finite(shape, "shape")
            if scale <= 0 { throw .invalidParameter(name: "scale", value: scale, expected: "a positive number") }
            if shape <= 0 { throw .invalidParameter(name: "shape", value: shape, expected: "a positive number") }
        case .empirical:
            break // a PercentileTable is validated when it is built
        }
    }

    /// One sample.
    @inlinable
    public func sample(using g: inout Xoshiro256StarStar) -> Double {
        switch self {
        case let .constant(v):
            return v
        case let .uniform(low, high):
            return low + (high - low) * g.nextDouble()
        case let .exponential(mean):
            return -mean * DeterministicMath.log(1 - g.nextDouble())
        case let .normal(mean, sd):
            return mean + sd * Distribution.standardNormal(using: &g)
        case let .lognormal(mu, sigma):
            return DeterministicMath.exp(mu + sigma * Distribution.standardNormal(using: &g))
        case let .pareto(scale, shape):
            return scale * DeterministicMath.exp(-DeterministicMath.log(1 - g.nextDouble()) / shape)
        case let .empirical(table):
            return table.value(atFraction: g.nextDouble())
        }
    }

    /// One sample read as nanoseconds: rounded half away from zero, clamped to `0...Int64.max`.
    @inlinable
    public func sampleNanos(using g: inout Xoshiro256StarStar) -> Int64 {
        let x = DeterministicMath.roundedHalfAway(sample(using: &g))
        if !(x > 0) { return 0 }
        if x >= 9.2e18 { return .max }
        return Int64(x)
    }

    /// One sample as a duration (see `sampleNanos`).
    @inlinable
    public func sampleDuration(using g: inout Xoshiro256StarStar) -> SimDuration {
        SimDuration(nanos: sampleNanos(using: &g))
    }

    /// A standard normal deviate by Marsaglia's polar method (needs only `log` and `√`).
    @inlinable
    static func standardNormal(using g: inout Xoshiro256StarStar) -> Double {
        while true {
            let u = 2 * g.nextDouble() - 1
            let v = 2 * g.nextDouble() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                return u * (-2 * DeterministicMath.log(s) / s).squareRoot()
            }
        }
    }

    /// The distribution's mean, where it is finite.
    public var mean: Double? {
        switch self {
        case let .constant(v): return v
        case let .uniform(low, high): return (low + high) / 2
        case let .exponential(mean): return mean
        case let .normal(mean, _): return mean
        case let .lognormal(mu, sigma): return DeterministicMath.exp(mu + sigma * sigma / 2)
        case let .pareto(scale, shape): return shape > 1 ? shape * scale / (shape - 1) : nil
        case let .empirical(table): return table.mean
        }
    }

    public var description: String {
        switch self {
        case let .constant(v): return "constant(\(v))"
        case let .uniform(low, high): return "uniform(\(low), \(high))"
        case let .exponential(mean): return "exponential(mean: \(mean))"
        case let .normal(mean, sd): return "normal(mean: \(mean), sd: \(sd))"
        case let .lognormal(mu, sigma): return "lognormal(mu: \(mu), sigma: \(sigma))"
        case let .pareto(scale, shape): return "pareto(scale: \(scale), shape: \(shape))"
        case let .empirical(table): return "empirical(\(table.points.count) points)"
        }
    }
}

/// Why a distribution's parameters were refused.
public enum DistributionError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidParameter(name: String, value: Double, expected: String)
    case invalidTable(reason: String)

    public var description: String {
        switch self {
        case let .invalidParameter(name, value, expected): return "\(name) = \(value): expected \(expected)"
        case let .invalidTable(reason): return "percentile table: \(reason)"
        }
    }
}
