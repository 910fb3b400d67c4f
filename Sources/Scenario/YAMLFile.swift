import Foundation
import Yams

/// Reading a YAML file into its root value, with every failure a located `ScenarioError`.
enum YAMLFile {
    /// The text of the file at `path`: a regular file (never a device, a FIFO or a folder) of
    /// at most `budget.maxBytes`, checked before a byte is read.
    static func text(_ path: String, budget: YAMLBudget = .standard) throws(ScenarioError) -> String {
        func refuse(_ message: String) -> ScenarioError { ScenarioError(file: path, line: 0, column: 0, field: "", message: message) }
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw refuse(errno == ENOENT ? "does not exist" : "cannot read the file (\(String(cString: strerror(errno))))")
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw refuse(info.st_mode & S_IFMT == S_IFDIR ? "is a folder, not a file" : "is not a regular file (a device, FIFO or socket is never read)")
        }
        guard Int(info.st_size) <= budget.maxBytes else {
            throw refuse("the file has \(info.st_size) bytes; a YAML input may have at most \(budget.maxBytes)")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw refuse("cannot read the file") }
        guard let text = String(data: data, encoding: .utf8) else { throw refuse("not UTF-8 text") }
        return text
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
