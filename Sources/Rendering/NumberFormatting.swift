/// Short, deterministic decimal strings for coordinates and sizes in SVG output.
public enum NumberFormatting {
    /// `value` rounded to at most `decimals` digits after the point, trailing zeros and a
    /// trailing point removed, no exponent, and "-0" written as "0" (1.0000001 → "1",
    /// 2.50 → "2.5", -0.004 → "0").
    public static func decimal(_ value: Double, decimals: Int = 2) -> String {
        var output = ""
        appendDecimal(value, decimals: decimals, to: &output)
        return output
    }

    /// Appends `decimal(value, decimals:)` to `output` without building an intermediate string.
    public static func appendDecimal(_ value: Double, decimals: Int = 2, to output: inout String) {
        precondition(value.isFinite, "NumberFormatting: cannot write the non-finite value \(value) into SVG")
        precondition((0...6).contains(decimals), "NumberFormatting: decimals must be in 0...6, got \(decimals)")
        precondition(abs(value) < 1e12, "NumberFormatting: \(value) is too large for an SVG coordinate")
        var scale: Int64 = 1
        for _ in 0..<decimals { scale *= 10 }
        let scaled = Int64((value * Double(scale)).rounded())
        if scaled == 0 {
            output += "0"
            return
        }
        if scaled < 0 { output += "-" }
        let magnitude = scaled.magnitude
        output += String(magnitude / UInt64(scale))
        var fraction = magnitude % UInt64(scale)
        guard fraction != 0 else { return }
        var digitCount = decimals
        while fraction % 10 == 0 {
            fraction /= 10
            digitCount -= 1
        }
        output += "."
        let digits = String(fraction)
        for _ in 0..<(digitCount - digits.utf8.count) { output += "0" }
        output += digits
    }

    /// A weight or score: two decimals from 1 up, else three significant digits (at most six
    /// decimals): 0.000123456 → "0.000123", 0.61 → "0.61", 12.3456 → "12.35".
    public static func significant(_ value: Double) -> String {
        guard value != 0, value.isFinite else { return value.isFinite ? "0" : String(value) }
        var magnitude = abs(value)
        guard magnitude < 1 else { return decimal(value, decimals: 2) }
        var decimals = 3
        while magnitude < 0.1 && decimals < 6 {
            magnitude *= 10
            decimals += 1
        }
        return decimal(value, decimals: decimals)
    }

    /// A count with thousands separators (12345 → "12,345").
    public static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var output = value < 0 ? "-" : ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { output += "," }
            output.append(character)
        }
        return output
    }

    /// A fraction as a percentage with one decimal (0.2413 → "24.1%").
    public static func percent(_ fraction: Double) -> String {
        var output = ""
        let scaled = (fraction * 1000).rounded() / 10
        appendDecimal(scaled, decimals: 1, to: &output)
        if !output.contains(".") { output += ".0" }
        return output + "%"
    }
}
