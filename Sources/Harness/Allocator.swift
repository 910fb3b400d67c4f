#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which malloc serves this process: jemalloc when the binary was linked with it (the build
/// links it whenever Debian's libjemalloc-dev is installed) or when it was preloaded with
/// `LD_PRELOAD`, otherwise the C library's own.
public enum Allocator {
    /// `"jemalloc 5.3.0-…"` or `"system"`: looked up once, through jemalloc's `mallctl`.
    public static let name: String = {
        // RTLD_DEFAULT (a null handle): search every object loaded into the process.
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallctl") else { return "system" }
        typealias Mallctl = @convention(c) (UnsafePointer<CChar>?, UnsafeMutableRawPointer?, UnsafeMutablePointer<Int>?,
                                            UnsafeMutableRawPointer?, Int) -> Int32
        let mallctl = unsafeBitCast(symbol, to: Mallctl.self)
        var version: UnsafePointer<CChar>?
        var size = MemoryLayout<UnsafePointer<CChar>?>.size
        guard mallctl("version", &version, &size, nil, 0) == 0, let version else { return "jemalloc" }
        return "jemalloc " + String(cString: version)
    }()

    /// Whether jemalloc serves malloc.
    public static var isJemalloc: Bool { name.hasPrefix("jemalloc") }
}
