import CLinearAlgebra
import Foundation

/// What the dense products run on: the OpenBLAS kernel the library chose when it loaded, the
/// best kernel the processor supports, and whether `OPENBLAS_CORETYPE` was set.
///
/// Debian's OpenBLAS is a `DYNAMIC_ARCH` build that picks its kernels from the processor's
/// model number when it loads; on a virtual machine that hides the model it can fall back to
/// its SSE3 (Prescott) kernels on a processor with AVX-512, several times slower.
/// `OPENBLAS_CORETYPE` overrides the choice, but only when set before the library loads, so
/// `restartWithBestKernelIfNeeded` re-executes the program with it (docs/ARCHITECTURE.md).
public struct BLASEnvironment: Sendable, Equatable, Codable {
    /// The kernel OpenBLAS runs (`openblas_get_corename`), e.g. `Zen`, `Haswell`, `Prescott`.
    public var coreName: String
    /// OpenBLAS's build description (`openblas_get_config`).
    public var configuration: String
    /// OpenBLAS's thread count: 1 (salience cuts large products into blocks itself, `BLASThreads`).
    public var threadCount: Int
    /// The processor's model name (/proc/cpuinfo), empty when unknown.
    public var processorModel: String
    /// The processor's vendor (`GenuineIntel`, `AuthenticAMD`), empty when unknown.
    public var processorVendor: String
    /// The widest vector instructions the processor offers (from its /proc/cpuinfo flags).
    public var processorTier: String
    /// The kernel to ask for: the best one the processor supports.
    public var bestCoreName: String
    /// `OPENBLAS_CORETYPE` as the environment set it, nil when unset.
    public var coreTypeVariable: String?
    /// The kernel OpenBLAS chose by itself before this process restarted with `bestCoreName`, if it did.
    public var restartedFrom: String?

    /// Whether the running kernel uses narrower vector instructions than the processor offers
    /// (false when either is unknown, or the library is not a `DYNAMIC_ARCH` build).
    public var isBelowProcessor: Bool {
        guard configuration.contains("DYNAMIC_ARCH"), let running = BLASKernel.tier(ofCoreName: coreName),
              let best = BLASKernel.tier(ofCoreName: bestCoreName) else { return false }
        return running < best
    }

    /// One line for `salience env` and the benchmarks, e.g.
    /// `OpenBLAS 0.3.21 kernel Zen (best for this processor: Zen, AVX2+FMA), 2 threads, AMD EPYC`.
    public var summary: String {
        let version = configuration.split(separator: " ").prefix(2).joined(separator: " ")
        var line = "\(version.isEmpty ? "OpenBLAS" : version) kernel \(coreName) (best for this processor: \(bestCoreName), \(processorTier))"
        if let coreTypeVariable { line += ", OPENBLAS_CORETYPE=\(coreTypeVariable)" }
        if let restartedFrom { line += ", restarted from \(restartedFrom)" }
        return line + ", \(threadCount) thread\(threadCount == 1 ? "" : "s")" + (processorModel.isEmpty ? "" : ", \(processorModel)")
    }

    /// The one sentence to print on stderr when the kernel is below the processor, nil otherwise.
    public var advice: String? {
        guard isBelowProcessor else { return nil }
        let cause = coreTypeVariable.map { "OPENBLAS_CORETYPE=\($0) selects them" } ?? "OpenBLAS chose them from the processor's model number"
        return "OpenBLAS runs its \(coreName) kernels, below what this processor offers (\(processorTier)) because \(cause); "
            + "set OPENBLAS_CORETYPE=\(bestCoreName) for faster products."
    }

    /// The remark for a process that `restartWithBestKernelIfNeeded` restarted, nil otherwise.
    public var restartRemark: String? {
        restartedFrom.map {
            "OpenBLAS chose its \($0) kernels on this processor; restarted with OPENBLAS_CORETYPE=\(coreName) (\(processorTier)). "
                + "Set OPENBLAS_CORETYPE yourself to choose another."
        }
    }

    /// The environment of this process.
    public static func current() -> BLASEnvironment {
        BLASThreads.prepare()
        let processor = ProcessorDescription.current()
        let tier = BLASKernel.tier(supportedBy: processor.flags)
        let environment = ProcessInfo.processInfo.environment
        return BLASEnvironment(
            coreName: openblas_get_corename().map { String(cString: $0) }?.trimmingCharacters(in: .whitespaces) ?? "unknown",
            configuration: openblas_get_config().map { String(cString: $0) }?.trimmingCharacters(in: .whitespaces) ?? "",
            threadCount: Int(openblas_get_num_threads()),
            processorModel: processor.model, processorVendor: processor.vendor, processorTier: tier.description,
            bestCoreName: BLASKernel.coreName(for: tier, vendor: processor.vendor),
            coreTypeVariable: environment["OPENBLAS_CORETYPE"].flatMap { $0.isEmpty ? nil : $0 },
            restartedFrom: environment[restartMarker].flatMap { $0.isEmpty ? nil : $0 })
    }

    /// The variable that tells a restarted process which kernel OpenBLAS first chose.
    public static let restartMarker = "SALIENCE_OPENBLAS_RESTARTED_FROM"

    /// When `OPENBLAS_CORETYPE` is unset and OpenBLAS chose a kernel below the processor,
    /// replaces this process by the same program with the same arguments and
    /// `OPENBLAS_CORETYPE` set to the best kernel (OpenBLAS reads it only when it loads, so
    /// setting it from inside the process is too late). Returns when nothing is to be done,
    /// when `SALIENCE_KEEP_OPENBLAS_KERNEL` is set, or when the re-execution fails. Call it
    /// first thing in `main`, before any output. A value the environment set is never overridden.
    public static func restartWithBestKernelIfNeeded() {
        #if os(Linux)
        let environment = ProcessInfo.processInfo.environment
        guard environment["OPENBLAS_CORETYPE"] == nil, environment["SALIENCE_KEEP_OPENBLAS_KERNEL"] == nil,
              environment[restartMarker] == nil else { return }
        let current = current()
        guard current.isBelowProcessor else { return }
        setenv("OPENBLAS_CORETYPE", current.bestCoreName, 1)
        setenv(restartMarker, current.coreName, 1)
        let arguments = CommandLine.unsafeArgv
        execv("/proc/self/exe", arguments)
        // The re-execution failed: carry on with the kernel we have, and say so once.
        unsetenv("OPENBLAS_CORETYPE")
        unsetenv(restartMarker)
        #endif
    }

    /// Prints `advice` or `restartRemark` on stderr (prefixed `warning: ` / `note: `) when there is one.
    public func reportOnce() {
        if let advice {
            FileHandle.standardError.write(Data("warning: \(advice)\n".utf8))
        } else if let restartRemark {
            FileHandle.standardError.write(Data("note: \(restartRemark)\n".utf8))
        }
    }
}

/// The processor's model, vendor and feature flags, from /proc/cpuinfo (empty elsewhere).
public struct ProcessorDescription: Sendable, Equatable {
    public var model: String
    public var vendor: String
    public var flags: Set<String>

    /// Parses the first processor's `model name`, `vendor_id` and `flags` lines of /proc/cpuinfo text.
    /// - Complexity: O(length of `text`).
    public init(cpuinfo text: String) {
        var model = "", vendor = "", flags = Set<String>()
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty, !flags.isEmpty { break }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch key {
            case "model name" where model.isEmpty: model = value
            case "vendor_id" where vendor.isEmpty: vendor = value
            case "flags" where flags.isEmpty: flags = Set(value.split(separator: " ").map(String.init))
            default: break
            }
        }
        self.model = model
        self.vendor = vendor
        self.flags = flags
    }

    /// This machine's processor.
    public static func current() -> ProcessorDescription {
        ProcessorDescription(cpuinfo: (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? "")
    }
}
