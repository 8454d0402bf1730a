import Foundation
import PythonBasics

/// Python-compatible text forms (repr of floats and strings, `%g`), so outputs read like HF's.
public enum PythonFormat {
    /// `repr(float)`: shortest round-trip digits, `1e-05` style exponents, `nan`/`inf`.
    public static func floatRepr(_ value: Double) -> String { PythonRepr.float(value) }

    /// `repr(str)` with Python's quote choice and escapes.
    public static func stringRepr(_ value: String) -> String { PythonRepr.string(value) }

    /// Python's `f"{value:.{digits}g}"`.
    public static func general(_ value: Double, significantDigits digits: Int = 4) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return String(format: "%.\(digits)g", value)
    }

    /// Python's `f"{value:.{digits}f}"` (round-half-even on the exact binary value, like C).
    public static func fixed(_ value: Double, digits: Int) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return String(format: "%.\(digits)f", value)
    }
}
