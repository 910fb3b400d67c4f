@testable import Exchange
import Testing

/// The chunked book side against the obvious reference: one sorted array of levels, worst
/// first, searched and shifted in full.
@Suite struct BookSideTests {
    /// Where an index falls in the whole side, worst first: what the sorted array's index is.
    static func position(_ index: LevelIndex, in book: BookSide) -> Int {
        book.chunks.prefix(index.chunk).reduce(0) { $0 + $1.count } + index.offset
    }

    /// Random inserts, removals anywhere, best removals and quantity changes, applied to both;
    /// after every step the levels, the count, the best level, searches for present and
    /// absent keys, the depth sums and the chunk structure must agree.
    @Test(arguments: [(2, 40), (3, 200), (7, 1_000), (512, 3_000)])
    func randomOperationsMatchASortedArray(chunkCapacity: Int, keyRange: Int) {
        for side in [Side.buy, .sell] {
            var book = BookSide(side: side, chunkCapacity: chunkCapacity)
            var reference: [PriceLevel] = []
            var random = TestRandom(seed: UInt64(chunkCapacity * 1_000 + keyRange) + (side == .buy ? 0 : 1))
            var sawChunks = 0, sawChunksDrop = false
            for step in 0..<6_000 {
                let key = Int64(random.int(1...Int64(keyRange))) * (side == .buy ? 1 : -1)
                let (index, found) = book.search(key: key)
                let referenceIndex = reference.firstIndex { $0.key >= key } ?? reference.count
                let referenceFound = referenceIndex < reference.count && reference[referenceIndex].key == key
                #expect(found == referenceFound, "step \(step): search \(key)")
                #expect(Self.position(index, in: book) == referenceIndex, "step \(step): search \(key)")
                let chunksBefore = book.chunks.count
                switch random.next() % 8 {
                case 0, 1, 2, 3:   // insert, or add to a level present
                    let quantity = random.int(1...9) * 100
                    if found {
                        book.update(at: index) { $0.quantity += quantity }
                        reference[referenceIndex].quantity += quantity
                    } else {
                        let level = PriceLevel(key: key, quantity: quantity, head: Int32(step), tail: Int32(step))
                        book.insert(level, at: index)
                        reference.insert(level, at: referenceIndex)
                    }
                case 4, 5:   // remove the level searched for, when present
                    if found {
                        #expect(book[index].key == key)
                        book.remove(at: index)
                        reference.remove(at: referenceIndex)
                    }
                case 6:   // the best level fills
                    if !book.isEmpty {
                        #expect(book.best?.key == reference.last!.key)
                        book.removeBest()
                        reference.removeLast()
                    }
                default:   // the best level trades part of its quantity and changes its head
                    if !book.isEmpty {
                        book.reduceBest(by: -1)
                        book.setBestHead(Int32(step))
                        reference[reference.count - 1].quantity += 1
                        reference[reference.count - 1].head = Int32(step)
                    }
                }
                #expect(book.count == reference.count)
                #expect(book.best?.key == reference.last?.key)
                #expect(book.structureProblems().isEmpty, "step \(step): \(book.structureProblems())")
                if keyRange > 200 && step % 16 != 0 { continue }   // the full comparison, every 16th step on big books
                let levels = book.worstFirst
                #expect(levels.map(\.key) == reference.map(\.key), "step \(step)")
                #expect(levels.map(\.quantity) == reference.map(\.quantity), "step \(step)")
                #expect(levels.map(\.head) == reference.map(\.head), "step \(step)")
                #expect(book.bestFirst().map(\.key) == reference.reversed().map(\.key))
                let limit = Int(random.next() % 6)
                #expect(book.bestFirst(limit: limit).map(\.key) == reference.reversed().prefix(limit).map(\.key))
                #expect(book.isEmpty || book.bestHead == reference.last?.head)
                let depth = Int(random.next() % 8)
                let enough = random.int(1...4_000)
                var expected: Int64 = 0
                for level in reference.reversed().prefix(depth) where expected < enough { expected += level.quantity }
                #expect(book.quantity(upTo: depth, enough: enough) == expected, "step \(step)")
                sawChunks = max(sawChunks, book.chunks.count + 1)
                if book.chunks.count < chunksBefore { sawChunksDrop = true }
                if levels.map(\.key) != reference.map(\.key) { return }
            }
            // The keys in play fill several chunks, so splits ran, and (with small chunks)
            // chunks emptied or were promoted to the top.
            #expect(sawChunks >= max(2, keyRange / chunkCapacity / 2))
            if chunkCapacity < 100 { #expect(sawChunksDrop) }
        }
    }

    /// Every new price worse than all before (a book with no band filled from the wrong end):
    /// after the top splits once (at the 65th level), each insert lands in the worst chunk at
    /// offset 0, chunks split into halves, and the levels come out in order.
    @Test func worstFirstInsertsStayInChunks() {
        var book = BookSide(side: .buy, chunkCapacity: 64)
        for n in 0..<20_000 {
            let key = Int64(1_000_000 - n)
            let (index, found) = book.search(key: key)
            #expect(!found && index.offset == 0)
            book.insert(PriceLevel(key: key, quantity: 100, head: Int32(n), tail: Int32(n)), at: index)
        }
        #expect(book.count == 20_000)
        #expect(book.structureProblems().isEmpty)
        #expect(book.chunks.count + 1 >= 20_000 / 64 && book.chunks.count + 1 <= 2 * 20_000 / 64 + 1)
        // The best 33 levels stayed in the top after its one split: later inserts split only
        // the worst chunk.
        let best: [Int64] = (0..<33).map { (n: Int) -> Int64 in Int64(1_000_000 - 32 + n) }
        #expect(book.top.map(\.key) == best)
        #expect(book.chunks.allSatisfy { $0.count >= 32 && $0.count <= 64 })
        #expect(book.bestPriceFen == 1_000_000)
        let expected: [Int64] = (0..<20_000).map { (n: Int) -> Int64 in Int64(1_000_000 - 19_999 + n) }
        #expect(book.worstFirst.map(\.key) == expected)
    }
}
