import Foundation

/// The most memory one buffer whose size comes from a script or a file may take. Every such allocation
/// (a tensor from `torch.zeros`, LoRA matrices from `LoraConfig(r=…)`, the KV cache of `generate`, the
/// attention scores of a forward pass, a tensor read from a file) asks `check` first, so an impossible
/// size is a `MemoryError` naming the size instead of the runtime stopping the process.
///
/// The limit is `lorarepl --max-memory` (default: 3/4 of the machine's physical memory); `%limits` shows
/// it. A request is also refused when it exceeds the memory the system reports as available right now.
public enum MemoryBudget {
    /// The limit `--max-memory` set, nil for the default (memory is a resource of the whole process).
    private static let configuredLimit = LockedValue<Int?>(nil)

    /// The machine's physical memory in bytes.
    public static var physicalMemory: Int { Int(clamping: ProcessInfo.processInfo.physicalMemory) }

    /// The default limit: three quarters of physical memory.
    public static var defaultLimit: Int { physicalMemory / 4 * 3 }

    /// Bytes one allocation may take (set by `--max-memory`).
    public static var limit: Int {
        get { configuredLimit.current ?? defaultLimit }
        set { configuredLimit.set(max(newValue, 1 << 20)) }
    }

    /// The system's currently available memory (`MemAvailable` in /proc/meminfo), nil when unknown.
    public static func availableMemory() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
            let fields = line.split(separator: " ")
            if fields.count >= 2, let kib = Int(fields[1]) { return kib.multipliedReportingOverflow(by: 1024).overflow ? nil : kib * 1024 }
        }
        return nil
    }

    /// Throws MemoryError when `bytes` is over the limit or over the memory available now.
    /// - Parameter what: what the buffer is for, as the message names it (`the KV cache for 10**12 tokens`).
    public static func check(bytes: Int, what: String, help: String? = nil) throws {
        let limit = self.limit
        if bytes < 0 || bytes > limit {
            throw NumericLimitError(.memoryError, "\(what) needs \(describe(bytes: bytes)), over the limit of \(describe(bytes: limit))",
                                    help: help ?? "use smaller sizes, or raise the limit with lorarepl --max-memory")
        }
        // Reading /proc costs a syscall: only large requests are compared with the free memory.
        if bytes > 256 << 20, let available = availableMemory(), bytes > available {
            throw NumericLimitError(.memoryError, "\(what) needs \(describe(bytes: bytes)), but only \(describe(bytes: available)) of memory is free",
                                    help: help ?? "use smaller sizes, or free memory (del large objects) first")
        }
    }

    /// `check` for `count` elements of `bytesPerElement` bytes each, with the multiplication checked.
    public static func check(elements count: Int, bytesPerElement: Int, what: String, help: String? = nil) throws {
        let (bytes, overflow) = count.multipliedReportingOverflow(by: bytesPerElement)
        try check(bytes: overflow || count < 0 ? -1 : bytes, what: what, help: help)
    }

    /// `check` for a buffer of the given shape (element count overflow included).
    public static func check(shape: [Int], bytesPerElement: Int, what: String, help: String? = nil) throws {
        let count = try CheckedInt.elementCount(shape, what: what)
        try check(elements: count, bytesPerElement: bytesPerElement, what: what, help: help)
    }

    /// `1.5 TB`, `512.0 MB`, `4,096 bytes` (decimal units, as people read sizes).
    public static func describe(bytes: Int) -> String {
        if bytes < 0 { return "more than 2**63 bytes" }
        let units: [(Double, String)] = [(1e12, "TB"), (1e9, "GB"), (1e6, "MB"), (1e3, "kB")]
        for (scale, unit) in units where Double(bytes) >= scale {
            return String(format: "%.1f", Double(bytes) / scale) + " " + unit + " (\(bytes) bytes)"
        }
        return "\(bytes) bytes"
    }

    /// Parses a size such as `8G`, `512M`, `2.5GB`, `1048576` (binary units: K = 1024) for `--max-memory`.
    public static func parse(size text: String) -> Int? {
        var s = text.trimmingCharacters(in: .whitespaces).uppercased()
        if s.hasSuffix("IB") { s.removeLast(2) } else if s.hasSuffix("B") { s.removeLast() }
        var scale = 1.0
        if let last = s.last, let power = ["K": 1.0, "M": 2.0, "G": 3.0, "T": 4.0][String(last)] {
            scale = pow(1024, power)
            s.removeLast()
        }
        guard let value = Double(s), value.isFinite, value > 0 else { return nil }
        let bytes = value * scale
        return bytes < 9e18 ? Int(exactly: bytes.rounded(.down)) : nil
    }
}
