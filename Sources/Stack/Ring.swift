/// A FIFO ring buffer that grows by doubling; popping never shrinks it, so a steady state
/// allocates nothing.
struct Ring<Element> {
    private var storage: [Element?] = Array(repeating: nil, count: 16)
    private var head = 0
    private(set) var count = 0

    mutating func append(_ e: Element) {
        if count == storage.count {
            var grown = [Element?](repeating: nil, count: storage.count * 2)
            for k in 0..<count { grown[k] = storage[(head + k) % storage.count] }
            storage = grown
            head = 0
        }
        storage[(head + count) % storage.count] = e
        count += 1
    }

    var first: Element? { count > 0 ? storage[head] : nil }

    mutating func popFirst() -> Element? {
        guard count > 0 else { return nil }
        let e = storage[head]
        storage[head] = nil
        head = (head + 1) % storage.count
        count -= 1
        return e
    }
}
