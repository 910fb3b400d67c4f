import Boundary
import Foundation
import Yams

/// Reading a YAML file into its root value, with every failure a located `ScenarioError`.
enum YAMLFile {
    /// The text of the file at `path`, read through `boundary`: a regular file (never a device,
    /// a FIFO or a folder) inside the repository root, of at most `budget.maxBytes`, checked
    /// before a byte is read. `origin` says who named the path.
    static func text(_ path: String, from origin: FileBoundary.Origin, in boundary: FileBoundary,
                     budget: YAMLBudget = .standard) throws(ScenarioError) -> String {
        do { return try boundary.text(path, from: origin, maxBytes: budget.maxBytes) } catch {
            throw ScenarioError(file: path, line: 0, column: 0, field: "", message: error.problem)
        }
    }

    /// The root of `text`; `emptyHint` says what the file should hold when it holds nothing.
    static func root(_ text: String, file: String, emptyHint: String) throws(ScenarioError) -> YAMLValue {
        try YAMLBudget.standard.check(text, file: file)
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw ScenarioError(file: file, line: 1, column: 1, field: "", message: "the file is empty; " + emptyHint)
            }
            root = node
        } catch let e as ScenarioError {
            throw e
        } catch let e as YamlError {
            throw located(e, file: file)
        } catch {
            throw ScenarioError(file: file, line: 0, column: 0, field: "", message: "invalid YAML")
        }
        return YAMLValue(node: root, path: "", file: file)
    }

    static func located(_ e: YamlError, file: String) -> ScenarioError {
        switch e {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            let message = "invalid YAML: " + problem + (context.map { " (\($0.text))" } ?? "")
            return ScenarioError(file: file, line: mark.line, column: mark.column, field: "", message: message)
        case let .duplicatedKeysInMapping(duplicates, context):
            return ScenarioError(file: file, line: context.mark.line, column: context.mark.column, field: "",
                                 message: "duplicate keys: " + duplicates.map { Excerpt.of($0) }.joined(separator: ", "))
        case let .reader(problem, _, _, _):
            // The budget check reads with libyaml first, so this is its error again: the problem
            // alone — Yams's own description quotes the input around it.
            return ScenarioError(file: file, line: 0, column: 0, field: "", message: "invalid YAML: " + problem)
        default:
            return ScenarioError(file: file, line: 0, column: 0, field: "", message: "invalid YAML")
        }
    }
}
