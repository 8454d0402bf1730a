import Foundation

/// The named limits of a run. Each exists so a script can fail with a clear error instead of
/// exhausting the stack, the memory or the terminal; each has a golden test under `Scripts/limit/`.
public struct Limits {
    /// Nested language calls before RecursionError. Python's default is 1000; runs execute on a
    /// thread with a large stack (`LargeStack`) so this depth is always safe.
    public var maxRecursionDepth = 1000
    /// Bytes a single run may print before MemoryError: a runaway `print` loop must not flood a notebook.
    public var maxOutputBytes = 16 << 20
    /// Longest string (in Unicode scalars) an operation may build.
    public var maxStringLength = 64 << 20
    /// Most items a list, tuple or dict operation may build (`[0] * n`, `range` to list).
    public var maxContainerLength = 32 << 20
    /// Seconds a run may take before TimeoutError; nil = no limit (notebook cells set `timeout=`).
    public var timeLimit: Double?

    /// Expression nesting the parser accepts: deeper input could overflow the parser's stack.
    static let maxNestingDepth = 120
    /// `maxNestingDepth`, for `%limits`.
    public static var nestingDepth: Int { maxNestingDepth }

    public init() {}
}

/// Runs the interpreter on a thread with a big stack, so deep (but legal) recursion in a tree-walking
/// evaluator never overflows the process's main-thread stack.
enum LargeStack {
    /// 1 GiB of address space: only pages actually touched are committed.
    static let stackSize = 1 << 30
    private static let key = "lorarepl.largeStack"

    static var onLargeStack: Bool { Thread.current.threadDictionary[key] != nil }

    /// Mark a thread started with `stackSize` (a generator's) as having the large stack.
    static func markCurrentThread() { Thread.current.threadDictionary[key] = true }

    static func run<T>(_ body: @escaping () -> T) -> T {
        if onLargeStack { return body() }
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            Thread.current.threadDictionary[key] = true
            box.value = body()
            done.signal()
        }
        thread.stackSize = stackSize
        thread.start()
        done.wait()
        guard let value = box.value else { return body() }
        return value
    }

    static func runThrowing<T>(_ body: @escaping () throws -> T) throws -> T {
        let result: Result<T, Error> = run { Result { try body() } }
        return try result.get()
    }
}

private final class ResultBox<T> {
    var value: T?
}
