import Boundary
import Crypto
import Kernel
import Reports
import Scenario

extension InputFile {
    /// Reads (through `boundary`, within the YAML budget) and hashes the file at `path`.
    public static func hashing(_ path: String, from origin: FileBoundary.Origin = .commandLine,
                               in boundary: FileBoundary = .workingDirectory) throws(HarnessError) -> InputFile {
        let data: [UInt8]
        do { data = try boundary.bytes(path, from: origin, maxBytes: YAMLBudget.standard.maxBytes) } catch { throw .input(error.description) }
        return InputFile(path: PathText.normalized(path), sha256: EventTape.hex(SHA256.hash(data: data)))
    }
}
