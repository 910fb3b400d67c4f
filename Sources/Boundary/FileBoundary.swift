#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What FireDrill may read: regular files inside the repository root (the working directory),
/// with symbolic links resolved and refused when they lead out of it. A path
/// typed on the command line outside the root is the operator's choice and is read too — but
/// never a device, a FIFO, a socket, or anything under `/proc`, `/sys` or `/dev`; everything a
/// file names (fault definitions, policies, a tape's scenario) must lie inside the root.
public struct FileBoundary: Sendable, Equatable {
    /// Who named a path: the operator, on the command line; or a file, which may be a stranger's.
    public enum Origin: Sendable {
        case commandLine
        case file
    }

    /// The root's real path (symbolic links resolved).
    public let root: String

    /// The file system's own folders: never read, whatever the root.
    static let systemFolders = ["/proc", "/sys", "/dev"]

    /// A boundary at `path`, which must be a folder.
    public init(root path: String) throws(BoundaryError) {
        switch SystemCalls.realPath(path) {
        case let .success(real):
            guard SystemCalls.kind(at: real) == .folder else { throw BoundaryError(path: path, problem: "the repository root must be a folder") }
            root = real
        case let .failure(e):
            throw BoundaryError(path: path, problem: "the repository root " + e.words)
        }
    }

    init(resolvedRoot: String) { root = resolvedRoot }

    /// A boundary nothing lies inside: a folder made under it is checked at its last step only.
    static let nowhere = FileBoundary(resolvedRoot: "/\u{0}")

    /// The working directory as the root. Should it be gone, a root nothing lies inside.
    public static var workingDirectory: FileBoundary {
        guard let cwd = SystemCalls.workingDirectory, case let .success(real) = SystemCalls.realPath(cwd) else {
            return .nowhere
        }
        return FileBoundary(resolvedRoot: real)
    }

    /// The path of `relative` (as a tape or record names files) under the root.
    public func path(_ relative: String) -> String { root == "/" ? "/" + relative : root + "/" + relative }

    /// `path` relative to the root when, as written, it lies inside it; else nil.
    public func relative(_ path: String) -> String? {
        let absolute = FileBoundary.lexicalAbsolute(path)
        guard containsLexically(path), absolute.utf8.count > root.utf8.count else { return nil }
        return String(decoding: absolute.utf8.dropFirst(root == "/" ? 1 : root.utf8.count + 1), as: UTF8.self)
    }

    /// Whether the real path `real` lies inside the root.
    public func contains(_ real: String) -> Bool {
        if FileBoundary.systemFolders.contains(where: { FileBoundary.isWithin(real, $0) }) { return false }
        return FileBoundary.isWithin(real, root)
    }

    /// Whether `path` is `folder` or lies under it, byte for byte (never by Unicode equivalence:
    /// the file system compares bytes).
    static func isWithin(_ path: String, _ folder: String) -> Bool {
        if folder == "/" { return path.utf8.first == UInt8(ascii: "/") }
        guard path.utf8.starts(with: folder.utf8) else { return false }
        let rest = path.utf8.dropFirst(folder.utf8.count)
        return rest.isEmpty || rest.first == UInt8(ascii: "/")
    }

    /// `path` made absolute against the working directory, `.` and `..` folded, links not followed.
    public static func lexicalAbsolute(_ path: String) -> String {
        let base = path.hasPrefix("/") ? "" : (SystemCalls.workingDirectory ?? "")
        var parts: [Substring] = []
        for part in (base + "/" + path).split(separator: "/") {
            if part == "." { continue }
            if part == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// Whether `path`, as written, names a place inside the root (before links are followed).
    public func containsLexically(_ path: String) -> Bool {
        FileBoundary.isWithin(FileBoundary.lexicalAbsolute(path), root)
    }

    /// Where `path` leads, with every symbolic link followed, after checking it may be read.
    public func resolve(_ path: String, from origin: Origin) throws(BoundaryError) -> String {
        let real: String
        switch SystemCalls.realPath(path) {
        case let .success(r): real = r
        case let .failure(e): throw BoundaryError(path: path, problem: e.words)
        }
        if FileBoundary.systemFolders.contains(where: { FileBoundary.isWithin(real, $0) }) {
            throw BoundaryError(path: path, problem: "leads into \(real.split(separator: "/").first.map { "/\($0)" } ?? "/"), which FireDrill never reads")
        }
        if contains(real) { return real }
        if origin == .commandLine && !containsLexically(path) { return real }
        let how = real == FileBoundary.lexicalAbsolute(path) ? "lies" : "leads, through a symbolic link,"
        throw BoundaryError(path: path, problem: "\(how) outside the repository root \(root); FireDrill reads only files inside it "
            + "(run it from the repository that holds the file)")
    }

    /// Whether anything is at `path` (a dangling link included): for looking a file up
    /// before reading it, so that a link that leads out is refused by `bytes`, not skipped.
    public func exists(_ path: String) -> Bool { SystemCalls.kind(at: path) != nil }

    /// The bytes of the regular file at `path`: at most `maxBytes`, checked before a byte is read.
    public func bytes(_ path: String, from origin: Origin, maxBytes: Int) throws(BoundaryError) -> [UInt8] {
        let real = try resolve(path, from: origin)
        // O_NONBLOCK: opening a FIFO must not wait for a writer; fstat refuses it next.
        let fd = open(real, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw BoundaryError(path: path, problem: "cannot be read: " + SystemCalls.Errno(errno).words) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw BoundaryError(path: path, problem: "cannot be read: " + SystemCalls.Errno(errno).words) }
        switch FileKind(mode: info.st_mode) {
        case .regular: break
        case .folder: throw BoundaryError(path: path, problem: "is a folder, not a file")
        default: throw BoundaryError(path: path, problem: "is not a regular file (a device, FIFO or socket is never read)")
        }
        guard Int(info.st_size) <= maxBytes else {
            throw BoundaryError(path: path, problem: "has \(info.st_size) bytes; FireDrill reads at most \(maxBytes) from such a file (--max-file-bytes raises it)")
        }
        var out = [UInt8](repeating: 0, count: Int(info.st_size) + 1)
        var filled = 0
        while true {
            if filled == out.count {
                guard out.count <= maxBytes else {
                    throw BoundaryError(path: path, problem: "grew past \(maxBytes) bytes while it was read")
                }
                out.append(contentsOf: repeatElement(0, count: min(max(out.count, 4096), maxBytes + 1 - out.count)))
            }
            let n = out.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, $0.count - filled) }
            if n < 0 {
                if errno == EINTR { continue }
                throw BoundaryError(path: path, problem: "cannot be read: " + SystemCalls.Errno(errno).words)
            }
            if n == 0 { break }
            filled += n
        }
        out.removeLast(out.count - filled)
        return out
    }

    /// The UTF-8 text of the file at `path` (see `bytes`).
    public func text(_ path: String, from origin: Origin, maxBytes: Int) throws(BoundaryError) -> String {
        let data = try bytes(path, from: origin, maxBytes: maxBytes)
        guard let text = String(validating: data, as: UTF8.self) else { throw BoundaryError(path: path, problem: "is not UTF-8 text") }
        return text
    }

    /// The boundary for what lies in the folder `path` named by `origin`: its files may not
    /// lead out of it (nor, when it lies inside this root, out of this root).
    public func folder(_ path: String, from origin: Origin) throws(BoundaryError) -> FileBoundary {
        let real = try resolve(path, from: origin)
        guard SystemCalls.kind(at: real) == .folder else { throw BoundaryError(path: path, problem: "is not a folder") }
        return FileBoundary(resolvedRoot: real)
    }

    /// The names in the folder at `path` (which must be inside this boundary), sorted by bytes.
    public func names(inFolder path: String) throws(BoundaryError) -> [String] {
        let real = try resolve(path, from: .file)
        guard let dir = opendir(real) else { throw BoundaryError(path: path, problem: "cannot be listed: " + SystemCalls.Errno(errno).words) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}
