import Kernel
import Stack

/// A key a fault kind may take beyond its target, start and duration, with the values it
/// accepts (the same for every kind that takes it): the scenario reader validates against this,
/// the schema test checks the JSON Schema against it, and exploration draws from it.
public enum FaultParameter: String, CaseIterable, Sendable {
    case factor, utilization, delay, jitter, probability, direction, messages
    case queueLimit = "queue_limit"
    case concurrency, rate, version, config, metrics, offset

    /// What a key's values are.
    public enum Domain: Equatable, Sendable {
        case number(ClosedRange<Double>)
        case integer(ClosedRange<Int>)
        case duration(ClosedRange<SimDuration>)
        /// A distribution of durations.
        case durationDistribution
        case direction
        /// A list of names from `names`, or `all` (the empty list).
        case names([String])
        /// A version or configuration label.
        case label
    }

    /// What a value of the key is, in a few words, for error messages.
    public var noun: String {
        switch self {
        case .factor: return "a slowdown factor"
        case .utilization: return "a share of the CPU"
        case .probability: return "a probability"
        case .rate: return "instructions per second"
        case .delay, .offset: return "a duration"
        case .jitter: return "a duration distribution"
        case .direction: return "direction"
        case .messages: return "message kind"
        case .metrics: return "metric"
        case .queueLimit, .concurrency: return "a whole number"
        case .version, .config: return "a label"
        }
    }

    public var domain: Domain {
        switch self {
        case .factor: return .number(1...1_000)
        case .utilization, .probability: return .number(0...1)
        case .rate: return .number(0.001...10_000_000)
        case .delay: return .duration(.nanoseconds(1)...(.hours(1)))
        case .offset: return .duration(.hours(-24)...(.hours(24)))
        case .jitter: return .durationDistribution
        case .direction: return .direction
        case .messages: return .names(StackMessage.kindNames)
        case .metrics: return .names(Metric.allCases.map(\.rawValue))
        case .queueLimit: return .integer(0...TierConfig.queueLimitMax)
        case .concurrency: return .integer(1...TierConfig.concurrencyMax)
        case .version, .config: return .label
        }
    }
}

/// A parameter's value.
public enum FaultValue: Equatable, Sendable, CustomStringConvertible {
    case number(Double)
    case integer(Int)
    case duration(SimDuration)
    case distribution(Distribution?)
    case direction(FaultSpec.Direction)
    /// Names (message kinds, metrics); empty: all of them.
    case names([String])
    /// A label (a version, a configuration); `nil`: unchanged.
    case label(String?)

    public var description: String {
        switch self {
        case let .number(x): return x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
        case let .integer(n): return String(n)
        case let .duration(d): return d.description
        case let .distribution(d): return d.map(\.description) ?? "none"
        case let .direction(d): return d.rawValue
        case let .names(names): return names.isEmpty ? "all" : names.joined(separator: ", ")
        case let .label(label): return label ?? "unchanged"
        }
    }
}

extension FaultSpec {
    /// A parameter's value in the spec, whatever the kind (fields a kind does not take hold
    /// their neutral values).
    public subscript(_ key: FaultParameter) -> FaultValue {
        get {
            switch key {
            case .factor: return .number(factor)
            case .utilization: return .number(utilization)
            case .delay: return .duration(delay)
            case .jitter: return .distribution(jitter)
            case .probability: return .number(probability)
            case .direction: return .direction(direction)
            case .messages: return .names(messages)
            case .queueLimit: return .integer(queueLimit)
            case .concurrency: return .integer(concurrency)
            case .rate: return .number(rate)
            case .version: return .label(version)
            case .config: return .label(config)
            case .metrics: return .names(metrics.map(\.rawValue))
            case .offset: return .duration(SimDuration(nanos: offset))
            }
        }
        set {
            switch (key, newValue) {
            case let (.factor, .number(x)): factor = x
            case let (.utilization, .number(x)): utilization = x
            case let (.delay, .duration(d)): delay = d
            case let (.jitter, .distribution(d)): jitter = d
            case let (.probability, .number(x)): probability = x
            case let (.direction, .direction(d)): direction = d
            case let (.messages, .names(names)): messages = names
            case let (.queueLimit, .integer(n)): queueLimit = n
            case let (.concurrency, .integer(n)): concurrency = n
            case let (.rate, .number(x)): rate = x
            case let (.version, .label(label)): version = label
            case let (.config, .label(label)): config = label
            case let (.metrics, .names(names)): metrics = names.compactMap(Metric.init(rawValue:))
            case let (.offset, .duration(d)): offset = d.nanos
            default: preconditionFailure("\(newValue) is not a value of \(key.rawValue)")
            }
        }
    }
}
