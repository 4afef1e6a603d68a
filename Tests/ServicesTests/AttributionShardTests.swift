import Testing
import Services

@Suite("attribute --shard: parsing and the stable id hash")
struct AttributionShardTests {
    @Test("i/N parses when 1 ≤ i ≤ N; the refusal names the value and the range", arguments: [
        ("5/4", "runs from 1 to 4"), ("0/4", "runs from 1 to 4"), ("0/0", "at least 1"), ("1/-2", "at least 1"),
        ("2", "not of the form i/N"), ("a/4", "not of the form i/N"), ("1/4/2", "not of the form i/N"),
    ])
    func refused(text: String, mention: String) {
        #expect(throws: (any Error).self) { try AttributionShard(parsing: text) }
        do { _ = try AttributionShard(parsing: text) } catch {
            #expect(error.message.contains(mention) && error.message.contains(text), "\(error.message)")
        }
    }

    @Test("valid shards parse")
    func parses() throws {
        #expect(try AttributionShard(parsing: "2/4") == AttributionShard(index: 2, count: 4))
        #expect(try AttributionShard(parsing: "1/1") == AttributionShard(index: 1, count: 1))
    }

    @Test("every id falls in exactly one shard, the same on every call, and 20,000 ids spread evenly over 4 and 7 shards")
    func spread() {
        let ids = (0..<20_000).map { "id-\($0)" }
        for count in [4, 7] {
            var sizes = [Int](repeating: 0, count: count)
            for (place, id) in ids.enumerated() {
                let number = AttributionShard.number(ofID: id, count: count)
                if !(1...count).contains(number) { Issue.record("\(id): shard number \(number) of \(count)") }
                if place < 1_000 {
                    let owners = (1...count).filter { AttributionShard(index: $0, count: count).contains(id: id) }
                    if owners != [number] { Issue.record("\(id): shards \(owners), number \(number)") }
                }
                sizes[number - 1] += 1
            }
            // A fair coin per shard: the standard deviation of a shard's size is about sqrt(n p (1 - p)) < 70.
            let expected = ids.count / count
            #expect(sizes.allSatisfy { abs($0 - expected) < 400 }, "\(sizes)")
        }
        // Pinned values (from a separate Python implementation of FNV-1a 64 + the SplitMix64 finaliser):
        // changing the hash would silently re-cut existing shards.
        #expect(AttributionShard.number(ofID: "", count: 1) == 1)
        #expect([AttributionShard.number(ofID: "r0", count: 4), AttributionShard.number(ofID: "r1", count: 4)] == Self.pinned)
    }

    static let pinned = [2, 3]
}
