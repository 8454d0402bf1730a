import PythonBasics

/// `repr()` and `str()` exactly as Python 3 prints them.
enum Repr {
    /// Nesting beyond this prints `...` (Python would raise RecursionError).
    static let maxDepth = 500

    static func repr(_ value: Value) -> String {
        var seen: [ObjectIdentifier] = []
        return repr(value, &seen, depth: 0)
    }

    static func str(_ value: Value) -> String {
        switch value {
        case .str(let s): return s
        case .exception(let e): return e.message
        case .host(let h): return h.str()
        default: return repr(value)
        }
    }

    private static func repr(_ value: Value, _ seen: inout [ObjectIdentifier], depth: Int) -> String {
        if depth > maxDepth { return "..." }
        switch value {
        case .none: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .int(let n): return String(n)
        case .float(let x): return float(x)
        case .str(let s): return string(s)
        case .list(let list):
            let id = ObjectIdentifier(list)
            if seen.contains(id) { return "[...]" }
            seen.append(id)
            defer { seen.removeLast() }
            return "[" + list.items.map { repr($0, &seen, depth: depth + 1) }.joined(separator: ", ") + "]"
        case .tuple(let items):
            if items.count == 1 { return "(" + repr(items[0], &seen, depth: depth + 1) + ",)" }
            return "(" + items.map { repr($0, &seen, depth: depth + 1) }.joined(separator: ", ") + ")"
        case .dict(let dict):
            let id = ObjectIdentifier(dict)
            if seen.contains(id) { return "{...}" }
            seen.append(id)
            defer { seen.removeLast() }
            return "{" + dict.pairs.map { repr($0.0, &seen, depth: depth + 1) + ": " + repr($0.1, &seen, depth: depth + 1) }
                .joined(separator: ", ") + "}"
        case .set(let set):
            if set.count == 0 { return set.frozen ? "frozenset()" : "set()" }
            let body = "{" + set.items.map { repr($0, &seen, depth: depth + 1) }.joined(separator: ", ") + "}"
            return set.frozen ? "frozenset(\(body))" : body
        case .range(let r):
            return r.step == 1 ? "range(\(r.start), \(r.stop))" : "range(\(r.start), \(r.stop), \(r.step))"
        case .slice(let s):
            return "slice(\(repr(s.start)), \(repr(s.stop)), \(repr(s.step)))"
        case .function(let f): return f.name == "<lambda>" ? "<function <lambda>>" : "<function \(f.name)>"
        case .builtin(let b): return "<built-in function \(b.qualifiedName)>"
        case .boundMethod(let m): return "<built-in method \(m.builtin.name) of \(m.receiver.typeName) object>"
        case .type(let t):
            // Host types and the host's native classes name their library module (`<class 'torch.Size'>`,
            // `<class 'torch.nn.modules.activation.ReLU'>`), as CPython prints them.
            let module = t.hostModule ?? (t.isNativeClass && t.module != "builtins" ? t.module : nil)
            return "<class '\(module.map { $0 + "." } ?? "")\(t.name)'>"
        case .module(let m): return "<module '\(m.name)'>"
        case .exception(let e):
            let args = e.args.count == 1 ? repr(e.args[0]) : e.args.map { repr($0) }.joined(separator: ", ")
            return "\(e.type.name)(\(args))"
        case .iterator(let it): return "<\(it.kindName) object>"
        case .host(let h): return h.repr()
        }
    }

    /// Python's float repr (`PythonRepr.float`): `0.1`, `1e-05`, `1e+16`, `100.0`, `-0.0`, `inf`, `nan`.
    static func float(_ x: Double) -> String { PythonRepr.float(x) }

    /// Python's string repr (`PythonRepr.string`).
    static func string(_ s: String) -> String { PythonRepr.string(s) }

    /// `ascii()`: non-ASCII escaped.
    static func ascii(_ s: String) -> String { PythonRepr.asciiEscaped(s) }
}

extension Interpreter {
    /// `repr(value)`.
    public func repr(_ value: Value) throws -> String {
        if case .host(let host) = value, let instance = host as? Instance { return try instanceRepr(instance) }
        if let method = metaclassMethod(value, "__repr__") { return try str(try callMetaclassMethod(method, value, [])) }
        if case .exception(let exception) = value, exception.type.isUserClass, let method = exception.type.lookup("__repr__") {
            return try str(try callValue(bind(method, to: value, type: exception.type), [], [], range: nil))
        }
        return Repr.repr(value)
    }
    /// `str(value)`.
    public func str(_ value: Value) throws -> String {
        if case .host(let host) = value, let instance = host as? Instance { return try instanceStr(instance) }
        if let method = metaclassMethod(value, "__str__") ?? metaclassMethod(value, "__repr__") {
            return try str(try callMetaclassMethod(method, value, []))
        }
        if case .exception(let exception) = value, exception.type.isUserClass {
            try refreshMessage(exception)
            return exception.message
        }
        return Repr.str(value)
    }
}

extension Value {
    /// Python's `repr()` of this value (for host objects' own reprs, e.g. a config listing its fields).
    public var repr: String { Repr.repr(self) }
    /// Python's `str()` of this value.
    public var str: String { Repr.str(self) }
}
