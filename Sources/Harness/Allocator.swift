import CAllocatorTuning
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which malloc serves this process: jemalloc when the binary was linked with it (the build
/// links it whenever Debian's libjemalloc-dev is installed) or when it was preloaded with
/// `LD_PRELOAD`, otherwise the C library's own.
public enum Allocator {
    /// `"jemalloc 5.3.0-… thp:always"` (its version and whether it backs memory with
    /// transparent huge pages) or `"system"`: looked up once, through jemalloc's `mallctl`.
    public static let name: String = {
        // RTLD_DEFAULT (a null handle): search every object loaded into the process.
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallctl") else { return "system" }
        typealias Mallctl = @convention(c) (UnsafePointer<CChar>?, UnsafeMutableRawPointer?, UnsafeMutablePointer<Int>?,
                                            UnsafeMutableRawPointer?, Int) -> Int32
        let mallctl = unsafeBitCast(symbol, to: Mallctl.self)
        func text(_ key: String) -> String? {
            var value: UnsafePointer<CChar>?
            var size = MemoryLayout<UnsafePointer<CChar>?>.size
            guard mallctl(key, &value, &size, nil, 0) == 0, let value else { return nil }
            return String(cString: value)
        }
        return "jemalloc " + (text("version") ?? "?") + (text("opt.thp").map { " thp:" + $0 } ?? "")
    }()

    /// Whether jemalloc serves malloc.
    public static var isJemalloc: Bool { name.hasPrefix("jemalloc") }

    /// The options this binary asks jemalloc for (`malloc_conf`; MALLOC_CONF overrides them).
    public static var requestedOptions: String { String(cString: firedrill_malloc_conf()) }
}
