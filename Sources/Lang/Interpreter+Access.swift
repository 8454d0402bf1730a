/// Iteration, indexing, slicing and attributes.
extension Interpreter {
    func isIterable(_ value: Value) -> Bool {
        switch value {
        case .str, .list, .tuple, .dict, .set, .range, .iterator: return true
        case .host(let host):
            if let instance = host as? Instance { return instance.isIterable }
            return host.length() != nil || (try? host.makeIterator(context: CallContext(interpreter: self, range: nil))) != nil
        default: return false
        }
    }

    /// A pull iterator over `value`. Lists are walked by index, so appends during a loop are seen (as in Python).
    func makeIterator(_ value: Value) throws -> () throws -> Value? {
        switch value {
        case .list(let list):
            var i = 0
            return {
                guard i < list.items.count else { return nil }
                defer { i += 1 }
                return list.items[i]
            }
        case .tuple(let items):
            var i = 0
            return {
                guard i < items.count else { return nil }
                defer { i += 1 }
                return items[i]
            }
        case .range(let r):
            var i = 0
            let count = r.count
            return {
                guard i < count else { return nil }
                defer { i += 1 }
                return .int(r.element(i))
            }
        case .str(let s):
            var iterator = s.unicodeScalars.makeIterator()
            return { iterator.next().map { .str(String($0)) } }
        case .dict(let dict):
            let keys = dict.keys
            let initialCount = dict.count
            var i = 0
            return {
                if dict.count != initialCount { throw ScriptError(.runtimeError, "dictionary changed size during iteration",
                                                                    help: "loop over a copy: for k in list(d):") }
                guard i < keys.count else { return nil }
                defer { i += 1 }
                return keys[i]
            }
        case .set(let set):
            let items = set.items
            var i = 0
            return {
                guard i < items.count else { return nil }
                defer { i += 1 }
                return items[i]
            }
        case .iterator(let iterator):
            return { try iterator.next() }
        case .host(let view as DictView):
            return view.iterate()
        case .type where metaclassMethod(value, "__iter__") != nil:
            return try makeIterator(try callMetaclassMethod(metaclassMethod(value, "__iter__") ?? .none, value, []))
        case .host(let host):
            let context = CallContext(interpreter: self, range: nil)
            if let iterator = try host.makeIterator(context: context) { return { try iterator.next() } }
            if let count = host.length() {
                var i = 0
                return {
                    guard i < count else { return nil }
                    defer { i += 1 }
                    return try host.getItem(.int(i), context: context)
                }
            }
        default:
            break
        }
        throw ScriptError(.typeError, "'\(value.typeName)' object is not iterable")
    }

    /// Every item of an iterable.
    func collect(_ value: Value) throws -> [Value] {
        switch value {
        case .list(let l): return l.items
        case .tuple(let t): return t
        case .dict(let d): return d.keys
        case .set(let s): return s.items
        case .host(let view as DictView): return view.elements
        case .range(let r):
            if r.count > limits.maxContainerLength {
                throw ScriptError(.memoryError, "range of \(r.count) items exceeds the container limit of \(limits.maxContainerLength)")
            }
            return (0..<r.count).map { .int(r.element($0)) }
        default:
            let next = try makeIterator(value)
            var items: [Value] = []
            while let item = try next() {
                items.append(item)
                if items.count > limits.maxContainerLength {
                    throw ScriptError(.memoryError, "iterable has more than \(limits.maxContainerLength) items")
                }
                if items.count & 4095 == 0 { try checkInterrupt() }
            }
            return items
        }
    }

    // MARK: indexing

    /// `x.__index__()` for an instance that defines it (an IntEnum member used as a list index).
    private func indexSpecial(_ value: Value) throws -> Int? {
        guard case .host(let host) = value, let instance = host as? Instance, let result = try callSpecial(instance, "__index__", []) else {
            return nil
        }
        guard case .int(let n) = result else {
            throw ScriptError(.typeError, "__index__ returned non-int (type \(result.typeName))")
        }
        return n
    }

    /// Normalize a Python index (negative counts from the end); IndexError when out of range.
    func index(_ value: Value, count: Int, kind: String) throws -> Int {
        guard let raw = try value.intValue ?? indexSpecial(value) else {
            throw ScriptError(.typeError, "\(kind) indices must be integers or slices, not \(value.typeName)",
                              help: value.typeName == "float" ? "convert with int(...)" : nil)
        }
        let i = raw < 0 ? raw + count : raw
        guard i >= 0 && i < count else {
            throw ScriptError(.indexError, "\(kind) index out of range",
                              notes: ["index \(raw), but the \(kind) has \(count) item\(count == 1 ? "" : "s")\(count > 0 ? " (valid: \(-count) to \(count - 1))" : "")"])
        }
        return i
    }

    /// Python's PySlice_AdjustIndices: normalized (start, stop, step) of a slice over `count` items.
    func sliceBounds(_ slice: SliceValue, count: Int) throws -> (start: Int, stop: Int, step: Int) {
        func bound(_ v: Value) throws -> Int? {
            if v.isNone { return nil }
            guard let n = try v.intValue ?? indexSpecial(v) else {
                throw ScriptError(.typeError, "slice indices must be integers or None, not \(v.typeName)")
            }
            return n
        }
        let step = try bound(slice.step) ?? 1
        if step == 0 { throw ScriptError(.valueError, "slice step cannot be zero") }
        func clamp(_ n: Int?, _ defaultValue: Int, low: Int, high: Int) -> Int {
            guard var n else { return defaultValue }
            if n < 0 { n += count }
            return min(max(n, low), high)
        }
        if step > 0 {
            return (clamp(try bound(slice.start), 0, low: 0, high: count), clamp(try bound(slice.stop), count, low: 0, high: count), step)
        }
        return (clamp(try bound(slice.start), count - 1, low: -1, high: count - 1),
                clamp(try bound(slice.stop), -1, low: -1, high: count - 1), step)
    }

    /// The indices a slice selects from a sequence of `count` items.
    public func sliceIndices(_ slice: SliceValue, count: Int) throws -> [Int] {
        let (start, stop, step) = try sliceBounds(slice, count: count)
        return Array(stride(from: start, to: stop, by: step))
    }

    func getItem(_ base: Value, _ key: Value) throws -> Value {
        switch base {
        case .list(let list):
            if case .slice(let s) = key { return .list(ListObject(try sliceIndices(s, count: list.items.count).map { list.items[$0] })) }
            return list.items[try index(key, count: list.items.count, kind: "list")]
        case .tuple(let items):
            if case .slice(let s) = key { return .tuple(try sliceIndices(s, count: items.count).map { items[$0] }) }
            return items[try index(key, count: items.count, kind: "tuple")]
        case .str(let text):
            let scalars = Array(text.unicodeScalars)
            if case .slice(let s) = key {
                var out = String.UnicodeScalarView()
                for i in try sliceIndices(s, count: scalars.count) { out.append(scalars[i]) }
                return .str(String(out))
            }
            return .str(String(scalars[try index(key, count: scalars.count, kind: "string")]))
        case .range(let r):
            if case .slice(let s) = key {
                let (start, stop, step) = try sliceBounds(s, count: r.count)
                return .range(RangeValue(start: r.saturatedElement(start), stop: r.saturatedElement(stop),
                                         step: r.step.multipliedReportingOverflow(by: step).overflow ? (r.step > 0) == (step > 0) ? Int.max : Int.min
                                             : r.step * step))
            }
            return .int(r.element(try index(key, count: r.count, kind: "range object")))
        case .dict(let dict):
            if let value = try dict.get(key) { return value }
            throw keyError(key, in: dict)
        case .host(let host):
            return try host.getItem(key, context: CallContext(interpreter: self, range: nil))
        case .type(let type) where ["list", "dict", "tuple", "set", "type"].contains(type.name):
            return base  // `list[int]` in annotations
        case .type where metaclassMethod(base, "__getitem__") != nil:
            return try callMetaclassMethod(metaclassMethod(base, "__getitem__") ?? .none, base, [key])
        default:
            throw ScriptError(.typeError, "'\(base.typeName)' object is not subscriptable")
        }
    }

    func keyError(_ key: Value, in dict: DictObject) -> ScriptError {
        let exception = makeException(.keyError, [key])
        if case .str(let name) = key,
           let suggestion = Suggest.closest(to: name, among: dict.keys.compactMap(\.stringValue)) {
            exception.helps.append("did you mean '\(suggestion)'?")
        } else if dict.count > 0 && dict.count <= 12 {
            exception.notes.append("the keys are: " + dict.keys.map { Repr.repr($0) }.joined(separator: ", "))
        }
        if dict.count > 0 { exception.helps.append("use d.get(key, default) to read a key that may be missing") }
        return ScriptError(exception)
    }

    func setItem(_ base: Value, _ key: Value, _ value: Value) throws {
        switch base {
        case .list(let list):
            if case .slice(let s) = key {
                let replacement = try collect(value)
                let indices = try sliceIndices(s, count: list.items.count)
                if s.step.isNone || s.step.intValue == 1 {
                    let start = indices.first ?? min(max(0, (s.start.intValue.map { $0 < 0 ? $0 + list.items.count : $0 } ?? 0)), list.items.count)
                    list.items.replaceSubrange(start..<(start + indices.count), with: replacement)
                } else {
                    guard indices.count == replacement.count else {
                        throw ScriptError(.valueError, "attempt to assign sequence of size \(replacement.count) to extended slice of size \(indices.count)")
                    }
                    for (i, v) in zip(indices, replacement) { list.items[i] = v }
                }
                return
            }
            list.items[try index(key, count: list.items.count, kind: "list")] = value
        case .dict(let dict):
            try dict.set(key, value)
        case .host(let host):
            try host.setItem(key, value, context: CallContext(interpreter: self, range: nil))
        default:
            throw ScriptError(.typeError, "'\(base.typeName)' object does not support item assignment",
                              help: base.typeName == "tuple" || base.typeName == "str" ? "\(base.typeName)s are immutable: build a new one instead" : nil)
        }
    }

    func deleteItem(_ base: Value, _ key: Value) throws {
        switch base {
        case .list(let list):
            if case .slice(let s) = key {
                let remove = Set(try sliceIndices(s, count: list.items.count))
                list.items = list.items.enumerated().filter { !remove.contains($0.offset) }.map(\.element)
                return
            }
            list.items.remove(at: try index(key, count: list.items.count, kind: "list"))
        case .dict(let dict):
            if try dict.remove(key) == nil { throw keyError(key, in: dict) }
        case .host(let host) where host is Instance:
            if let instance = host as? Instance, try callSpecial(instance, "__delitem__", [key]) != nil { return }
            throw ScriptError(.typeError, "'\(base.typeName)' object does not support item deletion",
                              help: "define __delitem__(self, key) in the class")
        default:
            throw ScriptError(.typeError, "'\(base.typeName)' object does not support item deletion")
        }
    }

    // MARK: attributes

    func getAttribute(_ base: Value, _ name: String, range: SourceRange?) throws -> Value {
        do {
            return try getAttributeUnlocated(base, name)
        } catch let error as ScriptError {
            if error.exception.range == nil, error.exception.type === TypeObject.attributeError { error.exception.range = range }
            throw error
        }
    }

    private func getAttributeUnlocated(_ base: Value, _ name: String) throws -> Value {
        switch base {
        case .module(let module):
            if let value = module.member(name) { return value }
            let child = module.name + "." + name
            if hasModule(child) || moduleTables.keys.contains(where: { $0.hasPrefix(child + ".") }) {
                let submodule = try loadPackage(child)
                module.members.set(name, .module(submodule))
                return .module(submodule)
            }
            let suggestion = Suggest.closest(to: name, among: module.members.keys.compactMap(\.stringValue))
            throw ScriptError(.attributeError, "module '\(module.name)' has no attribute '\(name)'", suggestion: suggestion)
        case .host(let host):
            if let instance = host as? Instance { return try getInstanceAttribute(instance, name) }
            if let value = try host.getAttribute(name, context: CallContext(interpreter: self, range: nil)) { return value }
            let message = "'\(host.typeName)' object has no attribute '\(name)'"
            let suggestion = Suggest.closest(to: name, among: host.attributeNames)
            throw ScriptError(.attributeError, message, help: host.attributeNames.isEmpty ? nil : "see dir(x) for what it has", suggestion: suggestion)
        case .exception(let exception):
            if let value = try exceptionAttribute(exception, name) { return value }
        case .function(let function):
            if let value = function.attributes?.get(name) { return value }
            if name == "__name__" { return .str(function.name) }
            if name == "__qualname__" { return .str(function.qualifiedName) }
            if name == "__module__" { return function.globals.get("__name__") ?? .str("__main__") }
            if name == "__dict__" {
                if function.attributes == nil { function.attributes = DictObject() }
                return .dict(function.attributes ?? DictObject())
            }
            if name == "__doc__" { return function.doc.map { .str($0) } ?? .none }
        case .builtin(let builtin):
            if name == "__name__" { return .str(builtin.name) }
            if name == "__doc__" { return .str(builtin.doc) }
            if let method = builtin.classMethods?().first(where: { $0.name == name }) { return .builtin(method) }
        case .type(let type):
            if type.isUserClass {
                if let value = try classAttribute(type, name) { return value }
                throw ScriptError(.attributeError, "type object '\(type.name)' has no attribute '\(name)'",
                                  suggestion: Suggest.closest(to: name, among: type.mro.flatMap { $0.namespace?.keys.compactMap(\.stringValue) ?? [] }))
            }
            if name == "__name__" || name == "__qualname__" { return .str(type.name) }
            if name == "__mro__" { return .tuple(type.mro.map { .type($0) }) }
            if name == "__bases__" { return .tuple(type.bases.map { .type($0) }) }
            if name == "__dict__" { return .dict(DictObject()) }
            if name == "__module__" { return .str(type.module) }
            if name == "__new__" && type === TypeObject.objectType { return .builtin(objectNew) }
            if let method = unboundBaseMethod(type, name) { return method }
            if let method = type.constructor?.classMethods?().first(where: { $0.name == name }) { return .builtin(method) }
            if let method = typeMethods[type.name]?[name] { return .builtin(unboundMethod(method)) }
        default:
            break
        }
        if let method = typeMethods[base.typeName]?[name] {
            return .boundMethod(BoundMethod(receiver: base, builtin: method))
        }
        switch (base, name) {
        case (.float(let x), "real"): return .float(x)
        case (.int(let n), "real"), (.int(let n), "numerator"): return .int(n)
        case (.int, "imag"), (.float, "imag"): return .int(0)
        case (.slice(let s), "start"): return s.start
        case (.slice(let s), "stop"): return s.stop
        case (.slice(let s), "step"): return s.step
        case (.range(let r), "start"): return .int(r.start)
        case (.range(let r), "stop"): return .int(r.stop)
        case (.range(let r), "step"): return .int(r.step)
        default: break
        }
        if name == "__class__" { return .type(typeOf(base)) }
        if let method = containerDunder(base, name) { return method }
        let candidates = Array((typeMethods[base.typeName] ?? [:]).keys)
        let message = "'\(base.typeName)' object has no attribute '\(name)'"
        let suggestion = Suggest.closest(to: name, among: candidates)
        var help: String?
        if case .dict(let dict) = base, dict.get(name) != nil { help = "dict entries are read with d['\(name)'], not d.\(name)" }
        throw ScriptError(.attributeError, message, help: help, suggestion: suggestion)
    }

    func setAttribute(_ base: Value, _ name: String, _ value: Value) throws {
        switch base {
        case .type(let type) where type.namespace != nil:
            classEpoch &+= 1
            if name == "__name__" || name == "__qualname__", case .str(let newName) = value {
                type.name = newName
                return
            }
            type.namespace?.set(name, value)
            return
        case .function(let function):
            if function.attributes == nil { function.attributes = DictObject() }
            function.attributes?.set(name, value)
            return
        case .exception(let exception):
            if name == "__cause__" {
                if case .exception(let cause) = value { exception.cause = cause } else { exception.cause = nil }
                exception.suppressContext = true
                return
            }
            if name == "args" {
                exception.args = try collect(value)
                return
            }
            exception.attributes.set(name, value)
            return
        default:
            break
        }
        if case .host(let host) = base {
            if try host.setAttribute(name, value, context: CallContext(interpreter: self, range: nil)) { return }
            throw ScriptError(.attributeError, "'\(host.typeName)' object attribute '\(name)' cannot be set",
                              help: host.attributeNames.contains(name) ? "it is read-only" : nil)
        }
        if case .module(let module) = base {
            module.members.set(name, value)
            return
        }
        throw ScriptError(.attributeError, "'\(base.typeName)' object attribute '\(name)' is read-only",
                          help: base.typeName == "dict" ? "set dict entries with d['\(name)'] = value" : nil)
    }
}

extension Interpreter {
    /// `losses.__getitem__`, `d.__contains__`, `words.__len__` on built-in containers: the operation as a
    /// function (`min(range(n), key=losses.__getitem__)`), as CPython's slot wrappers.
    func containerDunder(_ base: Value, _ name: String) -> Value? {
        switch base {
        case .list, .tuple, .str, .dict, .set, .range: break
        default: return nil
        }
        if case .set = base, name == "__getitem__" { return nil }
        let parameters: [Parameter]
        switch name {
        case "__getitem__", "__contains__": parameters = [Parameter("key", kind: .positionalOnly)]
        case "__len__", "__iter__": parameters = []
        default: return nil
        }
        return .builtin(Builtin(name, owner: base.typeName, parameters, doc: "\(base.typeName).\(name) as a function.") { args in
            let interpreter = args.context.interpreter
            switch name {
            case "__getitem__": return try interpreter.getItem(base, args["key"])
            case "__contains__": return .bool(try interpreter.contains(base, args["key"]))
            case "__len__": return .int(base.builtinLength ?? 0)
            default: return .iterator(IteratorObject(next: try interpreter.makeIterator(base)))
            }
        })
    }

    /// `str.upper` looked up on the type: a function whose first argument is the receiver.
    func unboundMethod(_ method: Builtin) -> Builtin {
        Builtin(method.name, owner: method.owner, [Parameter("self", kind: .positionalOnly)] + method.parameters,
                doc: method.doc, example: method.example) { args in
            let inner = Arguments(builtin: method, receiver: args[position: 0], context: args.context,
                                  values: Array(args.values.dropFirst()), passed: Array(args.passed.dropFirst()))
            return try method.body(inner)
        }
    }
}
