import Kernel

extension YAMLValue {
    /// A distribution: a plain value (constant), or a mapping with one of `constant`, `uniform`
    /// (`low`, `high`), `exponential` (`mean`), `normal` (`mean`, `sd`), `lognormal` (`median`,
    /// `sigma`) or `pareto` (`scale`, `shape`). With `durations`, values are durations such as
    /// `"40us"` and the distribution samples nanoseconds.
    func distribution(durations: Bool) throws(ScenarioError) -> Distribution {
        func value(_ v: YAMLValue) throws(ScenarioError) -> Double {
            durations ? Double(try v.duration().nanos) : try v.double()
        }
        if case .scalar = node { return .constant(try value(self)) }
        let kinds = ["constant", "uniform", "exponential", "normal", "lognormal", "pareto"]
        let entries = try mapping(allowed: kinds)
        guard entries.count == 1, let (kind, body) = entries.first else {
            throw error("expected exactly one of: " + kinds.joined(separator: ", "))
        }
        func fields(_ names: [String]) throws(ScenarioError) -> [Double] {
            let given = try body.mapping(allowed: names)
            var out: [Double] = []
            for name in names {
                guard let v = given.first(where: { $0.key == name })?.value else { throw body.error("missing \"\(name)\"") }
                switch name {
                case "sigma": out.append(try v.double(in: 0...4, "a sigma"))   // e^(4·4) ≈ 9 million × the median at p99.997
                case "sd": out.append(try v.double(in: 0...1e15, "a standard deviation"))
                case "shape": out.append(try v.double(in: 0.1...1e6, "a shape"))
                default: out.append(try value(v))
                }
            }
            return out
        }
        let d: Distribution
        switch kind {
        case "constant": d = .constant(try value(body))
        case "uniform": let f = try fields(["low", "high"]); d = .uniform(low: f[0], high: f[1])
        case "exponential": d = .exponential(mean: try fields(["mean"])[0])
        case "normal": let f = try fields(["mean", "sd"]); d = .normal(mean: f[0], standardDeviation: f[1])
        case "lognormal":
            let f = try fields(["median", "sigma"])
            guard f[0] > 0 else { throw body.error("median must be positive") }
            d = .lognormal(median: f[0], sigma: f[1])
        default: let f = try fields(["scale", "shape"]); d = .pareto(scale: f[0], shape: f[1])
        }
        do { try d.validate() } catch { throw body.error("\(error)") }
        return d
    }
}
