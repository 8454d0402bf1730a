import Foundation

/// `import resource`: `resource.getrusage(resource.RUSAGE_SELF)` as in CPython on Linux, the usual way
/// a script reads its own peak memory (`ru_maxrss`, in KiB on Linux) and CPU time (`ru_utime`,
/// `ru_stime`, in seconds). `ru_maxrss` is the process's high-water mark: it never goes down.
enum ResourceModule {
    /// CPython's constants on Linux.
    static let rusageSelf = 0, rusageChildren = -1, rusageThread = 1

    /// The fields of `resource.struct_rusage`, in CPython's order.
    static let fieldNames = ["ru_utime", "ru_stime", "ru_maxrss", "ru_ixrss", "ru_idrss", "ru_isrss", "ru_minflt", "ru_majflt",
                             "ru_nswap", "ru_inblock", "ru_oublock", "ru_msgsnd", "ru_msgrcv", "ru_nsignals", "ru_nvcsw", "ru_nivcsw"]

    /// `resource.struct_rusage`: a read-only record of the 16 fields, indexable like CPython's struct sequence.
    final class Usage: HostObject {
        let values: [Value]
        init(_ values: [Value]) { self.values = values }

        var typeName: String { "resource.struct_rusage" }
        func repr() -> String {
            "resource.struct_rusage(" + zip(fieldNames, values).map { "\($0)=\(Repr.repr($1))" }.joined(separator: ", ") + ")"
        }
        func getAttribute(_ name: String, context: CallContext) throws -> Value? {
            fieldNames.firstIndex(of: name).map { values[$0] }
        }
        func setAttribute(_ name: String, _ value: Value, context: CallContext) throws -> Bool {
            throw ScriptError(.attributeError, "readonly attribute")
        }
        var attributeNames: [String] { fieldNames }
        func getItem(_ key: Value, context: CallContext) throws -> Value {
            guard case .int(let index) = key else { throw ScriptError(.typeError, "tuple indices must be integers or slices, not \(key.typeName)") }
            let position = index < 0 ? index + values.count : index
            guard position >= 0, position < values.count else { throw ScriptError(.indexError, "tuple index out of range") }
            return values[position]
        }
        func length() -> Int? { values.count }
    }

    static let table = ModuleTable(name: "resource", doc: "Resource usage of this process (getrusage): peak memory, CPU time.", builtins: [
        Builtin("getrusage", owner: "resource", [Parameter("who", .int)],
                doc: "Usage counters: ru_maxrss is the peak resident memory in KiB, ru_utime/ru_stime CPU seconds.",
                example: "peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024") { args in
            let who = try args.int("who")
            guard [rusageSelf, rusageChildren, rusageThread].contains(who) else {
                throw ScriptError(.valueError, "invalid who parameter",
                                  help: "use resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN or resource.RUSAGE_THREAD")
            }
            return .host(Usage(read(who: who)))
        },
        Builtin("getpagesize", owner: "resource", doc: "The memory page size in bytes.", example: "resource.getpagesize()") { _ in
            .int(Int(getpagesize()))
        },
    ], constants: [("RUSAGE_SELF", .int(rusageSelf)), ("RUSAGE_CHILDREN", .int(rusageChildren)), ("RUSAGE_THREAD", .int(rusageThread))])

    /// The 16 values of getrusage(2) for `who`; all zero where the system call is unavailable.
    static func read(who: Int) -> [Value] {
        var usage = rusage()
        let status = getrusage(Int32(clamping: who), &usage)
        guard status == 0 else { return fieldNames.map { $0.hasSuffix("time") ? .float(0) : .int(0) } }
        func seconds(_ time: timeval) -> Value { .float(Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000) }
        let counters = [usage.ru_maxrss, usage.ru_ixrss, usage.ru_idrss, usage.ru_isrss, usage.ru_minflt, usage.ru_majflt, usage.ru_nswap,
                        usage.ru_inblock, usage.ru_oublock, usage.ru_msgsnd, usage.ru_msgrcv, usage.ru_nsignals, usage.ru_nvcsw, usage.ru_nivcsw]
        return [seconds(usage.ru_utime), seconds(usage.ru_stime)] + counters.map { .int(Int($0)) }
    }
}
