import Boundary
import Chaos
import Foundation
import Kernel
import Scenario
import Stack

/// `firedrill validate`: checks scenario, layout, fault-definition and policy files without
/// running them, and reports every problem found rather than the first.
public enum Validation {
    public struct FileReport: Equatable, Sendable {
        public var path: String
        /// nil when the file could not be read far enough to tell.
        public var kind: InputFileKind?
        /// One located message per problem (`file:line:column: field: message`).
        public var problems: [String]
    }

    /// Checks the file at `path`: it decodes, and what it describes can be built — a scenario's
    /// stack and fault plan, a layout over the built-in stack, a fault definition against the
    /// built-in stack, a policy's grades.
    public static func check(_ path: String, boundary: FileBoundary = .workingDirectory, budget: RunBudget = .standard) -> FileReport {
        let text: String
        do { text = try ScenarioFile.text(at: path, in: boundary) } catch {
            return FileReport(path: path, kind: nil, problems: [error.description])
        }
        let kind: InputFileKind
        do { kind = try InputFileKind.of(text, file: path) } catch {
            return FileReport(path: path, kind: nil, problems: [error.description])
        }
        var problems: [String] = []
        switch kind {
        case .scenario:
            problems = ScenarioFile.problems(text, file: path, boundary: boundary).map(\.description)
            if problems.isEmpty {
                do {
                    let prepared = try PreparedRun.prepare(scenario: path, boundary: boundary, budget: budget)
                    if let p = buildProblem(prepared.config, prepared.faults, in: path, faultPlaces: prepared.faultPlaces) { problems.append(p) }
                } catch {
                    problems.append(error.message)
                }
            }
        case .layout:
            do { _ = try LayoutFile.decode(text, file: path) } catch { problems.append(error.description) }
            // Over the built-in stack: every section it gives must read and build.
            let base = "name: \(builtInName)\n"
            problems += ScenarioFile.problems(base, file: builtInName, layout: (text, path)).map(\.description)
            if problems.isEmpty {
                do {
                    let document = try ScenarioFile.decodeDocument(base, file: builtInName, layout: (text, path))
                    if let p = buildProblem(document.stack, [], in: path) { problems.append(p) }
                } catch {
                    problems.append(error.description)
                }
            }
        case .fault:
            do {
                let document = try ScenarioFile.documentUsing(definition: path, boundary: boundary)
                if let p = buildProblem(document.stack, document.faults, in: path, reusing: true) { problems.append(p) }
            } catch {
                problems.append(error.description)
            }
        case .policy:
            do { _ = try PolicyFile.load(path: path, in: boundary) } catch { problems.append(error.description) }
        }
        // One problem found by two checks (the layout read alone and over the stack) is one problem.
        var unique: [String] = []
        for p in problems where !unique.contains(p) { unique.append(p) }
        return FileReport(path: path, kind: kind, problems: unique.map { overTheBuiltInStack($0, layout: path) })
    }

    static let builtInName = "built-in-stack"

    /// A problem a layout makes over the built-in stack is the layout's: `built-in-stack:1:1: x`
    /// (the stack's one-line stand-in file) reads `layout.yaml: over the built-in stack: x`.
    static func overTheBuiltInStack(_ problem: String, layout: String) -> String {
        guard problem.hasPrefix(builtInName + ":"), let cut = problem.range(of: ": ") else { return problem }
        return "\(layout): over the built-in stack: " + problem[cut.upperBound...]
    }

    /// Builds the stack and schedules the faults, as a run would before its first event. With
    /// `reusing`, a stack built for an earlier check of the same configuration is used again (fault
    /// definitions are each checked over the built-in stack: `validate Faults/*.yaml` builds it
    /// once); partitions are declared on a stack of their own.
    static func buildProblem(_ config: StackConfig, _ faults: [FaultSpec], in path: String, faultPlaces: [ScenarioError] = [],
                             reusing: Bool = false) -> String? {
        do {
            var hub = TraceHub()
            let world = try reusing ? built.world(config) : StackWorld(config: config, recorderPoints: &hub)
            let partitions = try FaultPlan.schedule(faults, world: world).partitions
            if !partitions.isEmpty {
                var own = try StackWorld(config: config, recorderPoints: &hub)
                try own.declare(partitions)
            }
            return nil
        } catch {
            return ScenarioDocument.locate(error.field, error.problem, in: path, faultPlaces: faultPlaces)
        }
    }

    static let built = BuiltStack()

    /// The stack last built for a check that may reuse it, and its configuration.
    final class BuiltStack: @unchecked Sendable {
        private let lock = NSLock()
        private var last: (config: StackConfig, world: StackWorld)?

        func world(_ config: StackConfig) throws(StackBuildError) -> StackWorld {
            lock.lock(); defer { lock.unlock() }
            if let last, last.config == config { return last.world }
            var hub = TraceHub()
            let world = try StackWorld(config: config, recorderPoints: &hub)
            last = (config, world)
            return world
        }
    }
}
