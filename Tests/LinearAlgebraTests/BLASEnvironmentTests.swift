import Testing
@testable import LinearAlgebra

@Suite("OpenBLAS kernel detection")
struct BLASEnvironmentTests {
    /// The first processor of /proc/cpuinfo on an Intel Xeon VM with AVX-512 and a hidden
    /// model (abridged), and on this project's AMD EPYC build machine.
    static let xeon = """
        processor\t: 0
        vendor_id\t: GenuineIntel
        model name\t: Intel Xeon Processor
        flags\t\t: fpu sse sse2 pni ssse3 fma sse4_1 sse4_2 avx f16c avx2 avx512f avx512dq avx512cd avx512bw avx512vl avx512_bf16

        processor\t: 1
        vendor_id\t: Other
        """
    static let epyc = """
        processor\t: 0
        vendor_id\t: AuthenticAMD
        model name\t: AMD EPYC
        flags\t\t: fpu sse sse2 pni ssse3 fma sse4_1 sse4_2 avx f16c avx2 bmi2
        """

    @Test("cpuinfo parsing keeps the first processor's vendor, model and flags")
    func parsesCpuinfo() {
        let processor = ProcessorDescription(cpuinfo: Self.xeon)
        #expect(processor.vendor == "GenuineIntel")
        #expect(processor.model == "Intel Xeon Processor")
        #expect(processor.flags.contains("avx512_bf16") && processor.flags.contains("pni") && processor.flags.count == 17)
        #expect(ProcessorDescription(cpuinfo: "").flags.isEmpty)
    }

    @Test("The best kernel follows the widest instruction set the flags list")
    func bestKernel() {
        let xeon = ProcessorDescription(cpuinfo: Self.xeon), epyc = ProcessorDescription(cpuinfo: Self.epyc)
        #expect(BLASKernel.tier(supportedBy: xeon.flags) == .avx512BF16)
        #expect(BLASKernel.coreName(for: BLASKernel.tier(supportedBy: xeon.flags), vendor: xeon.vendor) == "Cooperlake")
        var withoutBF16 = xeon.flags
        withoutBF16.remove("avx512_bf16")
        #expect(BLASKernel.tier(supportedBy: withoutBF16) == .avx512)
        withoutBF16.remove("avx512vl")  // AVX-512 without VL (Knights Landing): the AVX2 kernels
        #expect(BLASKernel.tier(supportedBy: withoutBF16) == .avx2)
        #expect(BLASKernel.coreName(for: BLASKernel.tier(supportedBy: epyc.flags), vendor: epyc.vendor) == "Zen")
        #expect(BLASKernel.tier(supportedBy: ["sse", "sse2", "pni", "avx"]) == .avx)
        #expect(BLASKernel.tier(supportedBy: []) == .sse3)
        #expect(BLASKernel.tier(ofCoreName: "PRESCOTT") == .sse3 && BLASKernel.tier(ofCoreName: "Zen") == .avx2)
        #expect(BLASKernel.tier(ofCoreName: "NeoverseN1") == nil)
    }

    @Test("A Prescott fallback on an AVX-512 processor gets one sentence naming the fix; a right kernel none")
    func advice() {
        var environment = BLASEnvironment(coreName: "Prescott", configuration: "OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY Prescott",
                                          threadCount: 2, processorModel: "Intel Xeon Processor", processorVendor: "GenuineIntel",
                                          processorTier: "AVX-512 BF16", bestCoreName: "Cooperlake", coreTypeVariable: nil, restartedFrom: nil)
        #expect(environment.isBelowProcessor)
        #expect(environment.advice?.hasSuffix("set OPENBLAS_CORETYPE=Cooperlake for faster products.") == true)
        #expect(environment.summary.hasPrefix("OpenBLAS 0.3.21 kernel Prescott (best for this processor: Cooperlake, AVX-512 BF16)"))
        environment.coreTypeVariable = "Prescott"
        #expect(environment.advice?.contains("OPENBLAS_CORETYPE=Prescott selects them") == true)
        environment.configuration = "OpenBLAS 0.3.21 NO_LAPACKE HASWELL"  // not DYNAMIC_ARCH: the variable cannot help
        #expect(!environment.isBelowProcessor && environment.advice == nil)
        environment = BLASEnvironment(coreName: "Cooperlake", configuration: "OpenBLAS 0.3.21 DYNAMIC_ARCH", threadCount: 1,
                                      processorModel: "", processorVendor: "GenuineIntel", processorTier: "AVX-512 BF16",
                                      bestCoreName: "Cooperlake", coreTypeVariable: "Cooperlake", restartedFrom: "Prescott")
        #expect(environment.advice == nil)
        #expect(environment.restartRemark?.contains("restarted with OPENBLAS_CORETYPE=Cooperlake") == true)
    }

    @Test("This process: the kernel is named and known, and not below the processor unless the environment chose it")
    func thisProcess() {
        let environment = BLASEnvironment.current()
        #expect(!environment.coreName.isEmpty && environment.coreName != "unknown")
        #expect(environment.configuration.hasPrefix("OpenBLAS"))
        if environment.coreTypeVariable == nil, environment.configuration.contains("DYNAMIC_ARCH"), BLASKernel.tier(ofCoreName: environment.coreName) != nil {
            // Tests are not restarted: OpenBLAS's own choice must at least be a kernel the processor can run.
            #expect(BLASKernel.tier(ofCoreName: environment.coreName)! <= BLASKernel.tier(ofCoreName: environment.bestCoreName)!)
        }
    }
}
