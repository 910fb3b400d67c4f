import Boundary
import Foundation
import Kernel
import Reports

/// A seed sweep: which seeds a shard runs, where their records go, and the summary of a
/// directory of records. `sweep` and `merge` write the summary from the records on disk by the
/// same code, so the merge of a sweep's shards equals the unsharded sweep byte for byte.
public enum Sweep {
    /// Reads `1-1000`, `7`, `1,5,9-12`: seeds in the order given, each once.
    public static func seeds(_ text: String) throws(HarnessError) -> [UInt64] {
        var out: [UInt64] = []
        var seen = Set<UInt64>()
        let expected = "expected seeds like 1-1000 or 1,5,9-12"
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false).map { UInt64($0.trimmingCharacters(in: .whitespaces)) }
            guard !bounds.isEmpty, bounds.count <= 2, bounds.allSatisfy({ $0 != nil && $0! <= UInt64(Int64.max) }) else {
                throw .input("--seeds: \(expected), got \"\(text)\"")
            }
            let low = bounds[0]!, high = bounds.last!!
            guard low <= high else { throw .input("--seeds: \(low)-\(high) runs backwards") }
            guard high - low < 10_000_000 else { throw .input("--seeds: \(low)-\(high) is more than 10,000,000 seeds") }
            for s in low...high where seen.insert(s).inserted { out.append(s) }
        }
        return out
    }

    /// Reads `K/N` (1 ≤ K ≤ N): the K-th of N shards.
    public static func shard(_ text: String) throws(HarnessError) -> (index: Int, count: Int) {
        let parts = text.split(separator: "/").map { Int($0) }
        guard parts.count == 2, let k = parts[0], let n = parts[1], n >= 1, k >= 1, k <= n else {
            throw .input("--shard: expected K/N with 1 ≤ K ≤ N, e.g. 2/4, got \"\(text)\"")
        }
        return (k, n)
    }

    /// The seeds shard `k` of `n` runs: every n-th seed of the list, from its k-th.
    public static func seeds(_ all: [UInt64], shard k: Int, of n: Int) -> [UInt64] {
        all.enumerated().filter { $0.offset % n == k - 1 }.map(\.element)
    }

    public static let recordsFolder = "seeds"

    /// What FireDrill writes in a sweep's folder: the summary and the seed records.
    public static func writes(_ name: String) -> Bool {
        if name == "summary.md" || name == "summary.json" || name == recordsFolder { return true }
        guard name.hasPrefix(recordsFolder + "/") && name.hasSuffix(".json") else { return false }
        let seed = name.dropFirst(recordsFolder.count + 1).dropLast(5)
        // Exactly as a record is named: the seed in decimal, no sign, no leading zero.
        return UInt64(seed).map { String($0) == seed } ?? false
    }

    /// The sweep folder at `directory`: created, or one FireDrill wrote (see `OutputFolder`).
    public static func folder(_ directory: String, boundary: FileBoundary = .workingDirectory) throws(HarnessError) -> OutputFolder {
        do { return try OutputFolder(directory, in: boundary, writes: Sweep.writes) } catch { throw .input(error.description) }
    }

    /// Where a seed's record goes in a sweep's folder.
    public static func recordName(seed: UInt64) -> String { "\(recordsFolder)/\(seed).json" }

    /// Writes `record` into `folder`.
    public static func write(_ record: SeedRecord, to folder: OutputFolder) throws(HarnessError) {
        do { try folder.write(recordName(seed: record.seed), Array((record.json.text() + "\n").utf8)) } catch {
            throw .input(error.description)
        }
    }

    /// Every record under `directories`, by seed. A seed found twice must have the same record;
    /// records of different scenarios, layouts or inputs do not mix. A folder named on the
    /// command line may lie anywhere, but its records may not lead out of it.
    public static func records(in directories: [String], boundary: FileBoundary = .workingDirectory) throws(HarnessError) -> [SeedRecord] {
        var bySeed: [UInt64: (record: SeedRecord, file: String)] = [:]
        for directory in directories {
            let folder = "\(directory)/\(recordsFolder)"
            let inside: FileBoundary, names: [String]
            do throws(BoundaryError) {
                inside = try boundary.folder(directory, from: .commandLine)
                guard inside.exists(folder) else {
                    throw BoundaryError(path: directory, problem: "holds no \(recordsFolder)/ folder of seed records (is it a sweep's --out?)")
                }
                names = try inside.names(inFolder: folder)
            } catch {
                throw .input(error.description)
            }
            // Only the names a sweep gives its records; anything else in the folder is not read.
            for name in names where Sweep.writes("\(recordsFolder)/\(name)") {
                let file = "\(folder)/\(name)"
                let text: String
                do { text = try inside.text(file, from: .file, maxBytes: SeedRecord.maxBytes) } catch { throw .input(error.description) }
                let record = try SeedRecord(parsing: text, file: file)
                if let other = bySeed[record.seed] {
                    guard other.record == record else {
                        throw .input("seed \(record.seed) differs between \(other.file) and \(file): the same seed must give the same run")
                    }
                    continue
                }
                bySeed[record.seed] = (record, file)
            }
        }
        let sorted = bySeed.keys.sorted().map { bySeed[$0]! }
        if let first = sorted.first {
            for (record, file) in sorted.dropFirst() {
                guard record.scenario == first.record.scenario, record.layout == first.record.layout, record.inputs == first.record.inputs else {
                    throw .input("\(file) is a run of \(record.scenario)\(record.layout.map { " on \($0)" } ?? "") with other inputs than "
                        + "\(first.file): merge sweeps of one scenario, layout and version of its files")
                }
            }
        }
        return sorted.map(\.record)
    }
}
