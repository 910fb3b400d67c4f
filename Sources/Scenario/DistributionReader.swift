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
        let entries = try mapping(allowed: YAMLValue.distributionKinds.map(\.key))
        guard entries.count == 1, let (kind, body) = entries.first else {
            throw error("expected exactly one of: " + YAMLValue.distributionKinds.map(\.key).joined(separator: ", "))
        }
        let reader = YAMLValue.distributionKinds.first { $0.key == kind }!
        let d: Distribution
        if reader.fields.isEmpty {
            d = try reader.make([try value(body)], body)
        } else {
            let given = try body.mapping(allowed: reader.fields)
            var out: [Double] = []
            for name in reader.fields {
                guard let v = given.first(where: { $0.key == name })?.value else { throw body.error("missing \"\(name)\"") }
                // Shape parameters have their own ranges; the rest are in the distribution's unit.
                if let shape = YAMLValue.shapeParameters.first(where: { $0.name == name }) {
                    out.append(try v.double(in: shape.range, shape.what))
                } else {
                    out.append(try value(v))
                }
            }
            d = try reader.make(out, body)
        }
        do { try d.validate() } catch { throw body.error("\(error)") }
        return d
    }

    /// A distribution of a quantity that has a meaningful range (lots, yuan): refused when it
    /// can draw a value below `range`'s lower end, or — for a constant or uniform — above its
    /// upper end, rather than having its draws clamped out of sight.
    func distribution(of what: String, in range: ClosedRange<Double>, above lowerExclusive: Bool = false) throws(ScenarioError) -> Distribution {
        let d = try distribution(durations: false)
        let (low, high) = YAMLValue.bounds(of: d)
        let floor = lowerExclusive ? "above \(range.lowerBound)" : "at least \(range.lowerBound)"
        if low < range.lowerBound || (lowerExclusive && low <= range.lowerBound) {
            if case .normal = d { throw error("\(what) must be \(floor); a normal distribution can draw any value below that (use lognormal)") }
            throw error("\(what) must be \(floor); this distribution can draw \(low)")
        }
        if let high, high > range.upperBound { throw error("\(what) must be at most \(range.upperBound); this distribution can draw \(high)") }
        return d
    }

    /// The lowest value `d` can draw, and its highest where it has one (a tail's rare draws
    /// beyond a field's range are clamped by the run, as a tail is meant to be).
    static func bounds(of d: Distribution) -> (Double, Double?) {
        switch d {
        case let .constant(v): return (v, v)
        case let .uniform(low, high): return (low, high)
        case .exponential, .lognormal: return (.leastNonzeroMagnitude, nil)
        case let .pareto(scale, _): return (scale, nil)
        case .normal: return (-.infinity, nil)
        case let .empirical(table):
            let values = table.points.map(\.value)
            return (values.min() ?? 0, values.max() ?? 0)
        }
    }

    /// Each distribution's key, its fields in order (none: the value itself), and how it is made from them.
    static let distributionKinds: [(key: String, fields: [String], make: @Sendable ([Double], YAMLValue) throws(ScenarioError) -> Distribution)] = [
        ("constant", [], { f, _ throws(ScenarioError) in .constant(f[0]) }),
        ("uniform", ["low", "high"], { f, _ throws(ScenarioError) in .uniform(low: f[0], high: f[1]) }),
        ("exponential", ["mean"], { f, _ throws(ScenarioError) in .exponential(mean: f[0]) }),
        ("normal", ["mean", "sd"], { f, _ throws(ScenarioError) in .normal(mean: f[0], standardDeviation: f[1]) }),
        ("lognormal", ["median", "sigma"], { f, body throws(ScenarioError) in
            guard f[0] > 0 else { throw body.error("median must be positive") }
            return .lognormal(median: f[0], sigma: f[1])
        }),
        ("pareto", ["scale", "shape"], { f, _ throws(ScenarioError) in .pareto(scale: f[0], shape: f[1]) }),
    ]

    /// Dimensionless fields and their ranges (e^(4·4) ≈ 9 million × the median at p99.997 bounds sigma).
    static let shapeParameters: [(name: String, range: ClosedRange<Double>, what: String)] = [
        ("sigma", 0...4, "a sigma"), ("sd", 0...1e15, "a standard deviation"), ("shape", 0.1...1e6, "a shape"),
    ]
}
