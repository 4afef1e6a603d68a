/// An x86-64 kernel family of a `DYNAMIC_ARCH` OpenBLAS build, ranked by the widest vector
/// instructions it uses, and the rule that picks the best one a processor supports.
///
/// The names are OpenBLAS's own (`openblas_get_corename`, `OPENBLAS_CORETYPE`); the ranking
/// follows the instruction sets of its kernel directories (`kernel/x86_64`): SSE3 for
/// Prescott and its relatives, AVX for Sandybridge and the Bulldozer line, AVX2 and FMA for
/// Haswell and Zen, AVX-512 for SkylakeX, AVX-512 with BF16 for Cooperlake.
public enum BLASKernel {
    /// Vector instruction tiers, lowest first.
    public enum Tier: Int, Comparable, Sendable, CustomStringConvertible {
        case sse3 = 1, avx, avx2, avx512, avx512BF16

        public static func < (lhs: Tier, rhs: Tier) -> Bool { lhs.rawValue < rhs.rawValue }

        /// The instruction set's usual name.
        public var description: String {
            switch self {
            case .sse3: "SSE3"
            case .avx: "AVX"
            case .avx2: "AVX2+FMA"
            case .avx512: "AVX-512"
            case .avx512BF16: "AVX-512 BF16"
            }
        }
    }

    /// The tier of an OpenBLAS core name (case-insensitive), or nil for a name this table does not know.
    public static func tier(ofCoreName name: String) -> Tier? {
        switch name.lowercased() {
        case "prescott", "core2", "penryn", "dunnington", "nehalem", "atom", "opteron", "opteron_sse3",
             "barcelona", "bobcat", "nano", "katmai", "coppermine", "northwood", "banias", "athlon":
            .sse3
        case "sandybridge", "bulldozer", "piledriver", "steamroller", "excavator":
            .avx
        case "haswell", "zen":
            .avx2
        case "skylakex":
            .avx512
        case "cooperlake", "sapphirerapids":
            .avx512BF16
        default:
            nil
        }
    }

    /// The highest tier whose instructions are all in `flags` (the `flags` line of
    /// /proc/cpuinfo: the kernel lists only what the processor has *and* the operating system
    /// saves with the thread state, so a tier found here is safe to run).
    /// - Complexity: O(1) set look-ups.
    public static func tier(supportedBy flags: Set<String>) -> Tier {
        let avx512 = ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"]
        if avx512.allSatisfy(flags.contains) && flags.contains("avx2") && flags.contains("fma") {
            return flags.contains("avx512_bf16") ? .avx512BF16 : .avx512
        }
        if flags.contains("avx2") && flags.contains("fma") { return .avx2 }
        if flags.contains("avx") { return .avx }
        return .sse3
    }

    /// The OpenBLAS core name to ask for (`OPENBLAS_CORETYPE`) for `tier` on a processor from
    /// `vendor` (`GenuineIntel`, `AuthenticAMD`, …): Zen on AMD with AVX2 (OpenBLAS's own
    /// choice there), otherwise the Intel kernel of the tier, which uses nothing beyond it.
    public static func coreName(for tier: Tier, vendor: String) -> String {
        switch tier {
        case .sse3: "Prescott"
        case .avx: "Sandybridge"
        case .avx2: vendor == "AuthenticAMD" ? "Zen" : "Haswell"
        case .avx512: "SkylakeX"
        case .avx512BF16: "Cooperlake"
        }
    }
}
