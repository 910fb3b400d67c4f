#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A folder FireDrill writes its results into: created fresh, or one that holds nothing but
/// what FireDrill writes there. It never writes through a symbolic link (neither the folder,
/// nor a folder on its way from the repository root, nor a file in it) and never removes a
/// file it does not write.
public struct OutputFolder: Sendable {
    /// The folder as the user or the scenario named it (for messages).
    public let path: String
    /// The folder's absolute path with `.` and `..` folded: where the checks looked, and so
    /// where every file is written (the kernel never resolves a `..` through a link here).
    let location: String
    /// Whether FireDrill writes a file of this name (relative to the folder: `result.json`,
    /// `seeds`, `seeds/12.json`) into such a folder.
    public let writes: @Sendable (String) -> Bool

    /// Checks `path` and creates it (and the folders to it) when missing.
    public init(_ path: String, in boundary: FileBoundary, writes: @escaping @Sendable (String) -> Bool) throws(BoundaryError) {
        self.path = path
        self.location = FileBoundary.lexicalAbsolute(path)
        self.writes = writes
        try OutputFolder.makeFolders(path, in: boundary)
        try checkOwned("")
    }

    /// Creates `path` and every missing folder on its way, refusing a symbolic link or a file
    /// where a folder should be. Inside the root every step from the root down is checked;
    /// outside it (the operator's choice on the command line) the folder itself is.
    static func makeFolders(_ path: String, in boundary: FileBoundary) throws(BoundaryError) {
        let absolute = FileBoundary.lexicalAbsolute(path)
        let parts = absolute.split(separator: "/").map(String.init)
        let rootDepth = boundary.containsLexically(path) ? (boundary.root == "/" ? 0 : boundary.root.split(separator: "/").count) : parts.count - 1
        var prefix = ""
        for (k, part) in parts.enumerated() {
            prefix += "/" + part
            if k < rootDepth {
                continue
            }
            switch SystemCalls.kind(at: prefix) {
            case .folder: continue
            case .symbolicLink:
                throw BoundaryError(path: path, problem: "\(prefix == absolute ? "is" : "goes through \(prefix), which is") a symbolic link; FireDrill never writes through one")
            case .regular, .other:
                throw BoundaryError(path: path, problem: "\(prefix == absolute ? "is" : "goes through \(prefix), which is") a file, not a folder")
            case nil:
                if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                    throw BoundaryError(path: path, problem: "cannot create \(prefix): " + SystemCalls.Errno(errno).words)
                }
                // Created now, or by someone else a moment ago: look again.
                if SystemCalls.kind(at: prefix) != .folder { throw BoundaryError(path: path, problem: "\(prefix) is not a folder") }
            }
        }
    }

    /// Refuses a folder (or subfolder `sub`) holding anything FireDrill does not write there.
    private func checkOwned(_ sub: String) throws(BoundaryError) {
        let folder = sub.isEmpty ? location : location + "/" + sub
        guard let dir = opendir(folder) else {
            throw BoundaryError(path: sub.isEmpty ? path : path + "/" + sub, problem: "cannot be listed: " + SystemCalls.Errno(errno).words)
        }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self) }
            if name == "." || name == ".." { continue }
            let relative = sub.isEmpty ? name : sub + "/" + name
            guard writes(relative) else {
                throw BoundaryError(path: path, problem: "holds \(OutputFolder.shown(relative)), which FireDrill did not write; it writes only into a new "
                    + "folder or one of its own (choose another --out, or empty this one)")
            }
            switch SystemCalls.kind(at: folder + "/" + name) {
            case .folder: try checkOwned(relative)
            case .symbolicLink:
                throw BoundaryError(path: path, problem: "holds \(OutputFolder.shown(relative)), a symbolic link; FireDrill never writes through one")
            case .regular, nil: break
            case .other: throw BoundaryError(path: path, problem: "holds \(OutputFolder.shown(relative)), which is not a regular file")
            }
        }
    }

    /// A name for a message: short and with nothing a terminal would act on.
    static func shown(_ name: String) -> String {
        let clean = String(name.unicodeScalars.prefix(40).map { $0.value < 0x20 || $0.value == 0x7F ? "?" : Character($0) })
        return "\"" + clean + (name.unicodeScalars.count > 40 ? "…" : "") + "\""
    }

    /// Writes `bytes` to `name` in the folder (creating a subfolder `seeds/` on the way),
    /// replacing a regular file of that name and refusing anything else there.
    public func write(_ name: String, _ bytes: [UInt8]) throws(BoundaryError) {
        guard writes(name) else { throw BoundaryError(path: path + "/" + name, problem: "is not a file FireDrill writes here") }
        if let slash = name.lastIndex(of: "/") { try OutputFolder.makeFolders(location + "/" + String(name[..<slash]), in: FileBoundary.nowhere) }
        try OutputFolder.writeFile(location + "/" + name, bytes, shown: path + "/" + name)
    }

    /// Creates the subfolder `name` (one FireDrill writes here), if missing.
    public func makeSubfolder(_ name: String) throws(BoundaryError) {
        guard writes(name) else { throw BoundaryError(path: path + "/" + name, problem: "is not a folder FireDrill writes here") }
        try OutputFolder.makeFolders(location + "/" + name, in: FileBoundary.nowhere)
    }

    /// Writes a file named by the operator (`--junit`, `--tape`): its folders are made as for an
    /// output folder; the file itself must be absent or a regular file, never a link.
    public static func writeFile(_ path: String, _ bytes: [UInt8], in boundary: FileBoundary) throws(BoundaryError) {
        try prepareFile(path, in: boundary)
        try writeFile(FileBoundary.lexicalAbsolute(path), bytes, shown: path)
    }

    /// Creates (or empties) the file the operator named at `path`, as `writeFile` would, and
    /// returns its descriptor for streaming output into; the caller closes it.
    public static func create(_ path: String, in boundary: FileBoundary) throws(BoundaryError) -> Int32 {
        try prepareFile(path, in: boundary)
        return try openForWriting(FileBoundary.lexicalAbsolute(path), shown: path)
    }

    /// Opens `file` (absolute, folded) for writing from its start: created or truncated, and
    /// never through a link at its name (`O_NOFOLLOW`), whatever changed since it was checked.
    static func openForWriting(_ file: String, shown: String) throws(BoundaryError) -> Int32 {
        try checkFile(file, shown: shown)
        let fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0o644)
        guard fd >= 0 else { throw BoundaryError(path: shown, problem: "cannot be written: " + SystemCalls.Errno(errno).words) }
        return fd
    }

    /// Checks, before any work, that `path` can be written as `writeFile` would: its folders
    /// made, the file itself absent or a regular file.
    public static func prepareFile(_ path: String, in boundary: FileBoundary) throws(BoundaryError) {
        let absolute = FileBoundary.lexicalAbsolute(path)
        if let slash = absolute.lastIndex(of: "/"), slash != absolute.startIndex {
            try makeFolders(String(absolute[..<slash]), in: boundary)
        }
        try checkFile(absolute, shown: path)
    }

    static func checkFile(_ file: String, shown: String) throws(BoundaryError) {
        switch SystemCalls.kind(at: file) {
        case nil, .regular: break
        case .symbolicLink: throw BoundaryError(path: shown, problem: "is a symbolic link; FireDrill never writes through one")
        case .folder: throw BoundaryError(path: shown, problem: "is a folder; name a file to write")
        case .other: throw BoundaryError(path: shown, problem: "is not a regular file (a device, FIFO or socket is never written)")
        }
    }

    /// Writes `bytes` to `file` (absolute, folded), named `shown` in messages.
    static func writeFile(_ file: String, _ bytes: [UInt8], shown: String) throws(BoundaryError) {
        let fd = try openForWriting(file, shown: shown)
        defer { close(fd) }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { SystemCalls.write(fd, $0.baseAddress! + written, $0.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                throw BoundaryError(path: shown, problem: "cannot be written: " + SystemCalls.Errno(errno).words)
            }
            written += n
        }
    }

    /// The regular files in subfolder `sub` FireDrill writes, sorted by bytes.
    public func files(in sub: String) -> [String] {
        let folder = location + "/" + sub
        guard SystemCalls.kind(at: folder) == .folder, let dir = opendir(folder) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self) }
            if writes(sub + "/" + name) && SystemCalls.kind(at: folder + "/" + name) == .regular { names.append(name) }
        }
        return names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Removes `name`, a regular file FireDrill writes here (anything else stays).
    public func remove(_ name: String) throws(BoundaryError) {
        guard writes(name), SystemCalls.kind(at: location + "/" + name) == .regular else {
            throw BoundaryError(path: path + "/" + name, problem: "is not a file FireDrill wrote; it is left alone")
        }
        if unlink(location + "/" + name) != 0 { throw BoundaryError(path: path + "/" + name, problem: "cannot be removed: " + SystemCalls.Errno(errno).words) }
    }
}
