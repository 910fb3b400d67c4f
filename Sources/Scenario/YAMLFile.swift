import Foundation
import Yams

/// Reading a YAML file into its root value, with every failure a located `ScenarioError`.
enum YAMLFile {
    static func text(_ path: String) throws(ScenarioError) -> String {
        do { return try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ScenarioError(file: path, line: 0, column: 0, field: "", message: "cannot read the file (\(error.localizedDescription))")
        }
    }

    /// The root of `text`; `emptyHint` says what the file should hold when it holds nothing.
    static func root(_ text: String, file: String, emptyHint: String) throws(ScenarioError) -> YAMLValue {
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
            throw ScenarioError(file: file, line: 0, column: 0, field: "", message: "\(error)")
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
                                 message: "duplicate keys: " + duplicates.joined(separator: ", "))
        default:
            return ScenarioError(file: file, line: 0, column: 0, field: "", message: "invalid YAML: \(e)")
        }
    }
}
