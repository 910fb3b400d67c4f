import Foundation

/// Runs independent tasks on up to `jobs` threads, each task on one thread from start to end
/// (a run stays single-threaded), and returns their results in task order: what a caller sees
/// does not depend on how many ran at once.
enum WorkerPool {
    static func map<T: Sendable>(_ count: Int, jobs: Int, _ body: @escaping @Sendable (Int) -> T) -> [T] {
        if jobs <= 1 || count <= 1 { return (0..<count).map(body) }
        let slots = Slots<T>(count)
        let group = DispatchGroup()
        for _ in 0..<min(jobs, count) {
            group.enter()
            let thread = Thread {
                while let i = slots.take() { slots.put(i, body(i)) }
                group.leave()
            }
            // A run's deepest paths want more than a secondary thread's default stack.
            thread.stackSize = 64 << 20
            thread.start()
        }
        group.wait()
        return slots.values()
    }

    private final class Slots<T: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var results: [T?]
        private var next = 0
        init(_ count: Int) { results = Array(repeating: nil, count: count) }
        func take() -> Int? {
            lock.lock(); defer { lock.unlock() }
            guard next < results.count else { return nil }
            next += 1
            return next - 1
        }
        func put(_ i: Int, _ value: T) { lock.lock(); results[i] = value; lock.unlock() }
        func values() -> [T] { lock.lock(); defer { lock.unlock() }; return results.map { $0! } }
    }
}

/// A count shared by worker threads, for progress lines.
final class SharedCount: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func add() -> Int { lock.lock(); defer { lock.unlock() }; value += 1; return value }
}
