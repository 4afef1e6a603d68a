import Foundation
import Testing
import LinearAlgebra
@testable import Analysis

@Suite("t-SNE Fourier transform")
struct TSNEFourierTransformTests {
    @Test("batched mixed-radix transforms equal the direct DFT, forward and inverse", arguments: [1, 2, 3, 4, 6, 8, 9, 12, 16, 18, 24, 27, 32, 36, 48, 54, 64])
    func matchesDirectTransform(length: Int) {
        var generator = SplitMix64(seed: UInt64(length))
        let width = 24
        let real = (0..<(length * width)).map { _ in generator.nextNormal() }
        let imaginary = (0..<(length * width)).map { _ in generator.nextNormal() }
        let transform = TSNEFourierTransform(length: length)
        for inverse in [false, true] {
            var outReal = real, outImaginary = imaginary
            var scratchReal = [Float](repeating: 0, count: real.count), scratchImaginary = scratchReal
            outReal.withUnsafeMutableBufferPointer { r in
                outImaginary.withUnsafeMutableBufferPointer { i in
                    scratchReal.withUnsafeMutableBufferPointer { sr in
                        scratchImaginary.withUnsafeMutableBufferPointer { si in
                            // Two column ranges, as the concurrent callers use.
                            transform.transform(real: r.baseAddress!, imaginary: i.baseAddress!, scratchReal: sr.baseAddress!,
                                                scratchImaginary: si.baseAddress!, rowStride: width, columns: 0..<8, inverse: inverse)
                            transform.transform(real: r.baseAddress!, imaginary: i.baseAddress!, scratchReal: sr.baseAddress!,
                                                scratchImaginary: si.baseAddress!, rowStride: width, columns: 8..<width, inverse: inverse)
                        }
                    }
                }
            }
            let sign = inverse ? 1.0 : -1.0
            var largestError = 0.0
            for column in 0..<width {
                for frequency in 0..<length {
                    var sumReal = 0.0, sumImaginary = 0.0
                    for sample in 0..<length {
                        let angle = sign * 2 * Double.pi * Double(frequency * sample) / Double(length)
                        let a = Double(real[sample * width + column]), b = Double(imaginary[sample * width + column])
                        sumReal += a * cos(angle) - b * sin(angle)
                        sumImaginary += a * sin(angle) + b * cos(angle)
                    }
                    largestError = max(largestError, abs(sumReal - Double(outReal[frequency * width + column])),
                                       abs(sumImaginary - Double(outImaginary[frequency * width + column])))
                }
            }
            #expect(largestError < 2e-5 * Double(length), "length \(length), inverse \(inverse): error \(largestError)")
        }
    }

    @Test("convenient lengths are the smallest 2^a·3^b at or above the request")
    func convenientLengths() {
        #expect(TSNEFourierTransform.convenientLength(atLeast: 1) == 1)
        #expect(TSNEFourierTransform.convenientLength(atLeast: 5) == 6)
        #expect(TSNEFourierTransform.convenientLength(atLeast: 299) == 324)
        #expect(TSNEFourierTransform.convenientLength(atLeast: 599) == 648)
        #expect(TSNEFourierTransform.convenientLength(atLeast: 1025) == 1152)
    }
}
