/// A trie over UTF-8 bytes mapping byte strings to token ids, for exact (byte-wise, not
/// canonical-equivalence) vocabulary look-ups and greedy longest-prefix matching.
///
/// Edges live in one open-addressing hash table keyed by (node, byte), so a look-up step is a
/// multiply, a mask and usually one probe.
struct ByteTrie: Sendable {
    /// Per node: the id of the string ending there, or -1.
    private var nodeValues: [Int32] = [-1]
    /// Hash table keys: `(node << 8 | byte) + 1`, 0 for an empty slot.
    private var edgeKeys: [UInt64]
    /// Hash table values: the child node.
    private var edgeChildren: [Int32]
    private var edgeCount = 0
    private var mask: Int

    /// The root node.
    static let root: Int32 = 0

    /// An empty trie.
    init() {
        edgeKeys = [UInt64](repeating: 0, count: 1024)
        edgeChildren = [Int32](repeating: 0, count: 1024)
        mask = 1023
    }

    @inline(__always)
    private static func slot(for key: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// The child of `node` along `byte`, or -1.
    @inline(__always)
    func child(of node: Int32, byte: UInt8) -> Int32 {
        let key = (UInt64(UInt32(bitPattern: node)) << 8 | UInt64(byte)) &+ 1
        var index = ByteTrie.slot(for: key, mask: mask)
        return edgeKeys.withUnsafeBufferPointer { keys in
            while true {
                let stored = keys[index]
                if stored == key { return edgeChildren[index] }
                if stored == 0 { return -1 }
                index = (index + 1) & mask
            }
        }
    }

    /// The id stored at `node`, or -1.
    @inline(__always)
    func value(at node: Int32) -> Int32 { nodeValues[Int(node)] }

    /// Stores `id` for the byte string (a later insert of the same string overwrites).
    mutating func insert<Bytes: Sequence>(_ bytes: Bytes, id: Int32) where Bytes.Element == UInt8 {
        var node = ByteTrie.root
        for byte in bytes {
            let next = child(of: node, byte: byte)
            if next >= 0 {
                node = next
            } else {
                let created = Int32(nodeValues.count)
                nodeValues.append(-1)
                addEdge(from: node, byte: byte, to: created)
                node = created
            }
        }
        nodeValues[Int(node)] = id
    }

    /// The id of exactly this byte string, or `nil`.
    func lookup<Bytes: Sequence>(_ bytes: Bytes) -> Int32? where Bytes.Element == UInt8 {
        var node = ByteTrie.root
        for byte in bytes {
            node = child(of: node, byte: byte)
            if node < 0 { return nil }
        }
        let id = nodeValues[Int(node)]
        return id >= 0 ? id : nil
    }

    /// The longest non-empty stored string that `bytes[start...]` begins with, walking from `node`:
    /// its end index and id, or `nil`.
    /// - Complexity: O(length of the match + 1).
    @inline(__always)
    func longestMatch(in bytes: UnsafeBufferPointer<UInt8>, from start: Int, startingAt node: Int32 = root)
        -> (end: Int, id: Int32)? {
        var current = node
        var best: (end: Int, id: Int32)? = nil
        var index = start
        while index < bytes.count {
            current = child(of: current, byte: bytes[index])
            if current < 0 { break }
            index += 1
            let id = nodeValues[Int(current)]
            if id >= 0 { best = (index, id) }
        }
        return best
    }

    private mutating func addEdge(from node: Int32, byte: UInt8, to child: Int32) {
        if (edgeCount + 1) * 2 > edgeKeys.count { grow() }
        let key = (UInt64(UInt32(bitPattern: node)) << 8 | UInt64(byte)) &+ 1
        var index = ByteTrie.slot(for: key, mask: mask)
        while edgeKeys[index] != 0 { index = (index + 1) & mask }
        edgeKeys[index] = key
        edgeChildren[index] = child
        edgeCount += 1
    }

    private mutating func grow() {
        let oldKeys = edgeKeys
        let oldChildren = edgeChildren
        let capacity = edgeKeys.count * 2
        edgeKeys = [UInt64](repeating: 0, count: capacity)
        edgeChildren = [Int32](repeating: 0, count: capacity)
        mask = capacity - 1
        for (key, child) in zip(oldKeys, oldChildren) where key != 0 {
            var index = ByteTrie.slot(for: key, mask: mask)
            while edgeKeys[index] != 0 { index = (index + 1) & mask }
            edgeKeys[index] = key
            edgeChildren[index] = child
        }
    }
}
