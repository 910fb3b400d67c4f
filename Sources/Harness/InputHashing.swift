import Crypto
import Foundation
import Kernel
import Reports
import Scenario

extension InputFile {
    /// Reads and hashes the file at `path`.
    public static func hashing(_ path: String) throws(HarnessError) -> InputFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .input("\(path): " + (FileManager.default.fileExists(atPath: path) ? "cannot be read" : "does not exist"))
        }
        return InputFile(path: PathText.normalized(path), sha256: EventTape.hex(SHA256.hash(data: data)))
    }
}
