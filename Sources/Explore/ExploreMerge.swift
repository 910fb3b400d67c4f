import Boundary
import Harness
import Kernel
import Reports

/// Joins the shards of an exploration (`explore --shard K/N`, one folder each) into the
/// result of the whole: the same explore.json, findings and report as one `explore` run.
public enum ExploreMerge {
    /// Whether `directory` holds an exploration shard (rather than a sweep's records).
    public static func holdsShard(_ directory: String, boundary: FileBoundary = .workingDirectory) -> Bool {
        boundary.exists("\(directory)/\(ExploreShard.file)")
    }

    /// Reads the shard in each of `directories`, checks they are the N shards of one
    /// exploration, builds the stack from the files they name (unchanged since: their SHA-256
    /// is compared), runs it once without faults to check the baseline, and joins them. Also
    /// returns the scenario's text, which the finding files are made from.
    public static func merge(_ directories: [String], jobs: Int, boundary: FileBoundary = .workingDirectory)
        throws(HarnessError) -> (result: ExploreResult, scenarioText: String) {
        var shards: [(shard: ExploreShard, file: String)] = []
        for directory in directories {
            let file = "\(directory)/\(ExploreShard.file)"
            let text: String
            do throws(BoundaryError) {
                let inside = try boundary.folder(directory, from: .commandLine)
                guard inside.exists(file) else {
                    throw BoundaryError(path: directory, problem: "holds no \(ExploreShard.file) (is it the --out of explore --shard?)")
                }
                text = try inside.text(file, from: .file, maxBytes: ExploreShard.maxBytes)
            } catch {
                throw .input(error.description)
            }
            shards.append((try ExploreShard(parsing: text, file: file), file))
        }
        guard let first = shards.first else { throw .input("merge: name the folder of every shard") }
        let a = first.shard
        guard a.firedrill == ToolVersion.current else {
            throw .input("\(first.file) was written by firedrill \(Excerpt.of(a.firedrill)), this is \(ToolVersion.current): explore again with this version")
        }
        for (s, file) in shards.dropFirst() {
            guard s.scenario == a.scenario, s.layout == a.layout, s.inputs == a.inputs, s.firedrill == a.firedrill else {
                throw .input("\(file) explored \(s.scenario)\(s.layout.map { " on \($0)" } ?? "") with other inputs or another version than "
                    + "\(first.file): merge the shards of one exploration")
            }
            guard ExploreShard.options(s.options) == ExploreShard.options(a.options), ExploreShard.budget(s.budget) == ExploreShard.budget(a.budget),
                  s.count == a.count else {
                throw .input("\(file) is a shard of an exploration with other options, run budget or shard count than \(first.file): "
                    + "merge the shards of one exploration")
            }
        }
        for k in 1...a.count {
            let holding = shards.filter { $0.shard.index == k }
            if holding.isEmpty { throw .input("shard \(k)/\(a.count) is missing: merge the folders of all \(a.count) shards") }
            if holding.count > 1 { throw .input("shard \(k)/\(a.count) is given twice: \(holding[0].file) and \(holding[1].file)") }
        }
        guard a.count <= a.options.lanes else { throw .input("\(first.file): \(a.count) shards of \(a.options.lanes) lanes (a shard runs whole lanes)") }
        let prepared = try PreparedRun.prepare(scenario: a.scenario, layout: a.layout, boundary: boundary, origin: .file, budget: a.budget)
        guard prepared.inputs == a.inputs else {
            let changed = zip(prepared.inputs, a.inputs).first { $0.0 != $0.1 }.map { $0.1.path } ?? a.scenario
            throw .input("\(changed) has changed since the shards ran (its SHA-256 differs from \(first.file)'s): explore the same files again")
        }
        let scenarioText: String
        do { scenarioText = try boundary.text(a.scenario, from: .file, maxBytes: 64 << 20) } catch { throw .input(error.description) }
        if let policy = prepared.policy, !policy.grades.contains(where: { $0.name == a.options.threshold }) {
            throw .input("\(first.file): policy \(policy.name) has no grade \"\(Excerpt.of(a.options.threshold))\"")
        }
        let campaign: Campaign
        // Merging runs no plan: the baseline day alone, without pauses to branch from.
        do { campaign = try Campaign(prepared: prepared, options: a.options, jobs: jobs, branching: false) } catch {
            throw HarnessError(error.kind, "\(first.file): \(error.message)")
        }
        guard campaign.baseline.run.digest == a.baselineDigest else {
            throw .input("\(a.scenario) without faults gives digest \(campaign.baseline.run.digest) here, \(a.baselineDigest) in \(first.file): "
                + "the shards ran another build or platform")
        }
        var parts: [(runs: [ExploredRun], shrunk: [Shrunk])] = []
        for (s, file) in shards { parts.append(try s.decoded(on: campaign, file: file)) }
        return (try campaign.merge(parts), scenarioText)
    }
}
