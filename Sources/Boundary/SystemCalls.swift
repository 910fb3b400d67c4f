#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The few POSIX calls the boundary needs, with errno turned into words.
enum SystemCalls {
    /// `path` with every symbolic link resolved, or the errno that stopped it.
    static func realPath(_ path: String) -> Result<String, Errno> {
        guard let resolved = realpath(path, nil) else { return .failure(Errno(errno)) }
        defer { free(resolved) }
        return .success(String(cString: resolved))
    }

    /// What sits at `path` itself (a symbolic link is reported as one), or nil when nothing does.
    static func kind(at path: String) -> FileKind? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return FileKind(mode: info.st_mode)
    }

    /// write(2), named apart from the methods called `write`.
    static func write(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(fd, buffer, count)
        #elseif canImport(Musl)
        Musl.write(fd, buffer, count)
        #else
        Darwin.write(fd, buffer, count)
        #endif
    }

    static var workingDirectory: String? {
        guard let cwd = getcwd(nil, 0) else { return nil }
        defer { free(cwd) }
        return String(cString: cwd)
    }

    struct Errno: Error {
        var code: Int32
        init(_ code: Int32) { self.code = code }

        /// The reason in words FireDrill's users read (never a Foundation error domain).
        var words: String {
            switch code {
            case ENOENT: return "does not exist"
            case ENOTDIR: return "a folder on its path is a file"
            case EACCES, EPERM: return "permission denied"
            case ELOOP: return "symbolic links on its path loop (or it is a symbolic link FireDrill will not follow)"
            case ENAMETOOLONG: return "the path is too long"
            case EISDIR: return "is a folder, not a file"
            case ENOSPC: return "the disk is full"
            case EROFS: return "the file system is read-only"
            case EEXIST: return "already exists"
            default: return String(cString: strerror(code))
            }
        }
    }
}

/// What kind of thing a path is, from its mode bits.
enum FileKind: Equatable {
    case regular, folder, symbolicLink, other

    init(mode: mode_t) {
        switch mode & S_IFMT {
        case S_IFREG: self = .regular
        case S_IFDIR: self = .folder
        case S_IFLNK: self = .symbolicLink
        default: self = .other
        }
    }
}
