import Chaos
import Kernel
import Reports

/// `explore.json`: every run's plan and outcome, the findings, the resilience matrix and the
/// coverage, in a versioned schema. Nothing measured on the wall clock goes in, so the same
/// scenario, seed and options give the same bytes.
public enum ExploreJSON {
    public static let schema = "firedrill.explore/1"

    public static func document(_ r: ExploreResult) -> JSONValue {
        let menu = r.menu
        return .object([
            ("schema", .string(schema)),
            ("scenario", .string(r.scenario)),
            ("layout", r.layout.map(JSONValue.string) ?? .null),
            ("seed", .int(Int64(r.options.seed))),
            ("stages", .array(r.options.stages.map { .string($0.rawValue) })),
            ("runs_planned", r.options.wallSeconds == nil ? .int(r.options.runs) : .null),
            ("max_faults", .int(r.options.maxFaults)),
            ("lanes", .int(r.options.lanes)),
            ("incident_threshold", .string(r.options.threshold)),
            ("baseline", .object([("digest", .string(r.baselineDigest)), ("failing_without_faults", .array(r.baselineFailures.map(JSONValue.string)))])),
            ("kinds", .array(menu.kinds.map { .string($0.rawValue) })),
            ("moments", .array(menu.moments.map { .object([("name", .string($0.name)), ("from", .string($0.from.description)), ("to", .string($0.to.description))]) })),
            ("components", .array(menu.components.map { .object([("name", .string($0.name)), ("family", .string($0.family))]) })),
            ("findings", .array(r.findings.map { finding(r, $0) })),
            ("matrix", .array(r.matrix.map { cell(menu, $0) })),
            ("coverage", .array(r.coverage.map { c in
                .object([("point", .string(c.point)), ("runs", .int(c.runs)), ("first_run", c.first.map { JSONValue.int($0) } ?? .null)])
            })),
            ("shrink_runs", .int(r.findings.reduce(0) { $0 + $1.shrinkRuns })),
            ("runs", .array(r.runs.map { run(menu, $0) })),
        ])
    }

    static func finding(_ r: ExploreResult, _ f: Finding) -> JSONValue {
        .object([
            ("signature", .string(f.signature.key)),
            ("class", .string(f.signature.failure.word)),
            ("subject", .string(f.signature.subject)),
            ("families", .array(f.signature.families.map(JSONValue.string))),
            ("detail", .string(f.outcome.detail)),
            ("digest", .string(f.outcome.digest)),
            ("count", .int(f.runs.count)),
            ("first_run", .int(f.firstRun)),
            ("runs", .array(f.runs.map { JSONValue.int($0) })),
            ("faults_before", .int(f.original.faults.count)),
            ("shrink_runs", .int(f.shrinkRuns)),
            ("file", .string(FindingFile.name(f))),
            ("choices", .string(f.minimal.choices.description)),
            ("faults", .array(faults(r.menu, f.minimal))),
        ])
    }

    static func faults(_ menu: FaultMenu, _ plan: GeneratedPlan) -> [JSONValue] {
        zip(plan.faults, plan.components).map { fault, c in
            var fields: [(String, JSONValue)] = [
                ("name", .string(fault.name)), ("kind", .string(fault.kind.rawValue)), ("target", .string(menu.components[c].name)),
                ("start", .string(fault.start.description)), ("duration", fault.duration.map { JSONValue.string($0.description) } ?? .null),
            ]
            let parameters = fault.kind.parameters.filter { fault[$0.key] != $0.defaultValue }
            if !parameters.isEmpty {
                fields.append(("parameters", .object(parameters.map { ($0.key.rawValue, .string(fault[$0.key].description)) })))
            }
            return .object(fields)
        }
    }

    static func run(_ menu: FaultMenu, _ run: ExploredRun) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("index", .int(run.index)), ("stage", .string(run.stage.rawValue)), ("origin", .string(run.origin)),
            ("order", .int(run.key.order)),
            ("choices", .string(run.plan.choices.description)),
            ("families_off", .array(run.plan.familiesOff.map { .string($0.rawValue) })),
            ("faults", .array(faults(menu, run.plan))),
        ]
        if let error = run.error { fields.append(("error", .string(error))) }
        if let o = run.outcome {
            fields += [
                ("digest", .string(o.digest)),
                ("failure", run.signature.map { JSONValue.string($0.key) } ?? .null),
                ("invariants_broken", .array(o.invariants.map(JSONValue.string))),
                ("expected_breaks", .array(o.expectedBreaks.map(JSONValue.string))),
                ("incidents", .array(o.incidents.map(JSONValue.string))),
                ("worst_grade", o.worstGrade.map(JSONValue.string) ?? .null),
                ("slas_failed", .array(o.slas.map { .string($0.name) })),
                ("rpo_orders", .int(o.rpoOrders)),
                ("rto", o.rtoNanos.map { JSONValue.string(SimDuration(nanos: $0).description) } ?? .null),
                ("reached", .array(o.reached.map(JSONValue.string))),
                ("reached_first", .array(run.firstReached.map(JSONValue.string))),
            ]
        }
        return .object(fields)
    }

    static func cell(_ menu: FaultMenu, _ c: MatrixCell) -> JSONValue {
        .object([
            ("component", .string(menu.components[c.component].name)),
            ("family", .string(menu.components[c.component].family)),
            ("kind", .string(c.kind.rawValue)),
            ("runs", .int(c.runs)),
            ("worst", c.failure.map { JSONValue.string($0.word) } ?? .null),
            ("invariants_broken", .array(c.invariants.map(JSONValue.string))),
            ("worst_grade", c.worstGrade.map(JSONValue.string) ?? .null),
            ("slas_failed_max", .int(c.slasFailed)),
            ("rpo_orders_max", .int(c.rpoOrders)),
            ("rto_max", c.rtoNanos.map { JSONValue.string(SimDuration(nanos: $0).description) } ?? .null),
            ("errors", .int(c.errors)),
        ])
    }
}
