import CLinearAlgebra
import Foundation

/// glibc's allocator told to keep the memory the program frees, set once before the first product.
///
/// By default glibc serves every block above 128 KiB (a threshold that rises only as far as the
/// largest block freed so far) with a fresh `mmap` and returns it with `munmap`, and gives the
/// top of the heap back to the kernel whenever 128 KiB are free there. The encoder, the CNN and
/// Integrated Gradients allocate and free blocks of 1–30 MB on every pass, so each pass paid a
/// page fault and the kernel's zeroing for every 4 KiB it touched: 1.4 million minor faults and
/// 19–24% system time in `salience-bench bert` (docs/ARCHITECTURE.md, "Memory"). With blocks up
/// to 32 MiB (glibc's largest setting) taken from the heap and 1 GiB of freed memory kept, a
/// block freed by one pass is reused by the next.
///
/// A setting the environment already made (`MALLOC_MMAP_THRESHOLD_`, `MALLOC_TRIM_THRESHOLD_`,
/// `MALLOC_TOP_PAD_`, or `glibc.malloc.*` in `GLIBC_TUNABLES`) is left alone, as is a process
/// where `SALIENCE_KEEP_ALLOCATOR` is set.
public enum AllocatorTuning {
    /// Blocks up to this many bytes come from the heap (glibc refuses more than 32 MiB).
    public static let mmapThreshold: Int32 = 32 << 20
    /// Freed memory kept before the heap's top is returned to the kernel.
    public static let trimThreshold: Int32 = 1 << 30
    /// Extra bytes the heap grows by at a time.
    public static let topPad: Int32 = 16 << 20

    /// Whether the settings are in force (false on other C libraries or when the environment set its own).
    public static var isApplied: Bool { applied }

    /// Applies the settings, once per process; called by `BLASThreads.prepare()`.
    @inline(__always)
    public static func applyOnce() { _ = applied }

    private static let applied: Bool = {
        let environment = ProcessInfo.processInfo.environment
        let ownSettings = ["MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_", "SALIENCE_KEEP_ALLOCATOR"]
        if ownSettings.contains(where: { environment[$0] != nil }) || (environment["GLIBC_TUNABLES"] ?? "").contains("glibc.malloc.") {
            return false
        }
        return salience_tune_allocator(mmapThreshold, trimThreshold, topPad) == 1
    }()
}
