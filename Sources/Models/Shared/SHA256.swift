/// SHA-256 (FIPS 180-4), used for model fingerprints; Foundation on Linux has no digest API.
///
/// Kept by hand after measuring apple/swift-crypto in its place: it builds BoringSSL's ~390 C
/// files, which added about 157 s of processor time to a clean debug build and 206 s to a clean
/// release build on the project's 2-core machine, twice per CI run, for this one digest. The
/// FIPS 180-4 test vectors in Tests/ModelsTests/FingerprintTests.swift check it.
///
/// The round constants and initial state are derived at first use from their definition
/// (the first 32 bits of the fractional parts of the cube roots of the first 64 primes, and
/// of the square roots of the first 8 primes) rather than typed in.
struct SHA256 {
    private static let primes: [Int] = {
        var found: [Int] = []
        var candidate = 2
        while found.count < 64 {
            if found.allSatisfy({ candidate % $0 != 0 }) { found.append(candidate) }
            candidate += 1
        }
        return found
    }()

    private static func fractionBits(_ value: Double) -> UInt32 {
        UInt32((value - value.rounded(.down)) * 4_294_967_296)
    }

    private static let roundConstants: [UInt32] = primes.map { fractionBits(cubeRoot(Double($0))) }
    private static let initialState: [UInt32] = primes.prefix(8).map { fractionBits(Double($0).squareRoot()) }

    /// The real cube root, refined by Newton steps so every fraction bit is exact.
    private static func cubeRoot(_ value: Double) -> Double {
        var root = value.squareRoot()
        for _ in 0..<100 { root -= (root * root * root - value) / (3 * root * root) }
        return root
    }

    private var state: [UInt32] = SHA256.initialState
    private var pending: [UInt8] = []
    private var byteCount: UInt64 = 0

    init() {}

    /// Appends bytes to the message.
    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        byteCount &+= UInt64(bytes.count)
        var index = 0
        if !pending.isEmpty {
            let needed = 64 - pending.count
            let taken = min(needed, bytes.count)
            pending.append(contentsOf: bytes[0..<taken])
            index = taken
            if pending.count == 64 {
                pending.withUnsafeBytes { compress($0.baseAddress!) }
                pending.removeAll(keepingCapacity: true)
            }
        }
        while bytes.count - index >= 64 {
            compress(bytes.baseAddress! + index)
            index += 64
        }
        if index < bytes.count { pending.append(contentsOf: bytes[index...]) }
    }

    /// Appends the bytes of an array of trivial values (in memory order, little-endian here).
    mutating func update<Element>(_ values: [Element]) {
        values.withUnsafeBytes { update($0) }
    }

    /// Appends the UTF-8 bytes of a string.
    mutating func update(_ text: String) {
        update(Array(text.utf8))
    }

    /// The digest as 64 lowercase hex digits.
    mutating func finalizeHex() -> String {
        let bitCount = byteCount &* 8
        var tail: [UInt8] = [0x80]
        while (pending.count + tail.count) % 64 != 56 { tail.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) { tail.append(UInt8(truncatingIfNeeded: bitCount >> UInt64(shift))) }
        let savedCount = byteCount
        tail.withUnsafeBytes { update($0) }
        byteCount = savedCount
        precondition(pending.isEmpty, "SHA-256 padding left \(pending.count) bytes")
        let digits = Array("0123456789abcdef")
        var text = ""
        for word in state {
            for shift in stride(from: 28, through: 0, by: -4) { text.append(digits[Int((word >> UInt32(shift)) & 0xF)]) }
        }
        return text
    }

    private mutating func compress(_ block: UnsafeRawPointer) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { schedule in
            for index in 0..<16 {
                let bytes = block + index * 4
                schedule[index] = UInt32(bytes.load(as: UInt8.self)) << 24 | UInt32(bytes.load(fromByteOffset: 1, as: UInt8.self)) << 16
                    | UInt32(bytes.load(fromByteOffset: 2, as: UInt8.self)) << 8 | UInt32(bytes.load(fromByteOffset: 3, as: UInt8.self))
            }
            for index in 16..<64 {
                let early = schedule[index - 15], late = schedule[index - 2]
                let sigma0 = early.rotatedRight(7) ^ early.rotatedRight(18) ^ (early >> 3)
                let sigma1 = late.rotatedRight(17) ^ late.rotatedRight(19) ^ (late >> 10)
                schedule[index] = schedule[index - 16] &+ sigma0 &+ schedule[index - 7] &+ sigma1
            }
            var a = state[0], b = state[1], c = state[2], d = state[3], e = state[4], f = state[5], g = state[6], h = state[7]
            SHA256.roundConstants.withUnsafeBufferPointer { constants in
                for index in 0..<64 {
                    let sum1 = e.rotatedRight(6) ^ e.rotatedRight(11) ^ e.rotatedRight(25)
                    let choice = (e & f) ^ (~e & g)
                    let first = h &+ sum1 &+ choice &+ constants[index] &+ schedule[index]
                    let sum0 = a.rotatedRight(2) ^ a.rotatedRight(13) ^ a.rotatedRight(22)
                    let majority = (a & b) ^ (a & c) ^ (b & c)
                    let second = sum0 &+ majority
                    h = g; g = f; f = e; e = d &+ first; d = c; c = b; b = a; a = first &+ second
                }
            }
            state[0] &+= a; state[1] &+= b; state[2] &+= c; state[3] &+= d
            state[4] &+= e; state[5] &+= f; state[6] &+= g; state[7] &+= h
        }
    }
}

extension UInt32 {
    @inline(__always) fileprivate func rotatedRight(_ count: UInt32) -> UInt32 { (self >> count) | (self << (32 - count)) }
}
