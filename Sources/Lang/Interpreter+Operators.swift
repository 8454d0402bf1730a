import Foundation

/// Arithmetic, comparison and truth, with Python's rules (int/float mixing, floor division and
/// modulo signs, sequence repetition) and 64-bit overflow checks.
extension Interpreter {
    func binary(_ op: BinaryOperator, _ left: Value, _ right: Value, inPlace: Bool = false) throws -> Value {
        // The fast path: two ints.
        if case .int(let a) = left, case .int(let b) = right { return try intBinary(op, a, b) }
        switch (left, right) {
        case (.float, _), (_, .float):
            if let a = left.doubleValue, let b = right.doubleValue { return try floatBinary(op, a, b) }
        case (.bool, .bool) where op == .bitAnd || op == .bitOr || op == .bitXor:
            let a = left.intValue ?? 0, b = right.intValue ?? 0
            return .bool((try intBinary(op, a, b)).intValue != 0)
        case (.bool, _), (_, .bool):
            if let a = left.intValue, let b = right.intValue { return try intBinary(op, a, b) }
        default:
            break
        }
        switch (op, left, right) {
        case (.add, .str(let a), .str(let b)):
            // The UTF-8 length bounds the character count and costs nothing; count characters only near the limit.
            if a.utf8.count + b.utf8.count > limits.maxStringLength {
                let length = a.unicodeScalars.count + b.unicodeScalars.count
                if length > limits.maxStringLength { throw stringTooLong(length) }
            }
            return .str(a + b)
        case (.add, .list(let a), .list(let b)):
            try checkLength(a.items.count + b.items.count)
            if inPlace {
                a.items += b.items
                return left
            }
            return .list(ListObject(a.items + b.items))
        case (.add, .list(let a), _) where inPlace && isIterable(right):
            a.items += try collect(right)
            return left
        case (.add, .tuple(let a), .tuple(let b)):
            try checkLength(a.count + b.count)
            return .tuple(a + b)
        case (.multiply, .str(let s), .int), (.multiply, .str(let s), .bool):
            let n = max(0, right.intValue ?? 0)
            if s.isEmpty || n == 0 { return .str("") }
            let (length, overflow) = s.unicodeScalars.count.multipliedReportingOverflow(by: n)
            if overflow || length > limits.maxStringLength { throw stringTooLong(overflow ? Int.max : length) }
            return .str(String(repeating: s, count: n))
        case (.multiply, .int, .str), (.multiply, .bool, .str):
            return try binary(op, right, left)
        case (.multiply, .list(let l), .int), (.multiply, .list(let l), .bool):
            let items = try repeated(l.items, right.intValue ?? 0)
            if inPlace {
                l.items = items
                return left
            }
            return .list(ListObject(items))
        case (.multiply, .tuple(let t), .int), (.multiply, .tuple(let t), .bool):
            return .tuple(try repeated(t, right.intValue ?? 0))
        case (.multiply, .int, .list), (.multiply, .int, .tuple), (.multiply, .bool, .list), (.multiply, .bool, .tuple):
            return try binary(op, right, left)
        case (.modulo, .str(let format), _):
            return .str(try PercentFormat.format(format, right, interpreter: self))
        case (.bitOr, .dict(let a), .dict(let b)):
            let merged = inPlace ? a : a.copy()
            for (k, v) in b.pairs { try merged.set(k, v) }
            return .dict(merged)
        case (.bitOr, .set(let a), .set(let b)), (.bitAnd, .set(let a), .set(let b)), (.subtract, .set(let a), .set(let b)),
             (.bitXor, .set(let a), .set(let b)):
            let result = try setOperation(op, a, b, frozen: a.frozen)
            if inPlace && !a.frozen {
                // `s |= t` changes s itself, as in Python (other names for s see the change).
                try SetMethods.replaceItems(of: a, with: result)
                return left
            }
            return .set(result)
        default:
            break
        }
        let context = CallContext(interpreter: self, range: nil)
        if case .host(let host) = left, let result = try host.binaryOperation(op.rawValue, right, reflected: false, context: context) {
            return result
        }
        if case .host(let host) = right, let result = try host.binaryOperation(op.rawValue, left, reflected: true, context: context) {
            return result
        }
        // A tuple plus a named tuple (or another tuple subclass) is the plain tuple of both, as in CPython.
        if op == .add, case .tuple(let a) = left, case .host(let host) = right,
           let b = host.tupleItems ?? (host as? Instance)?.namedTupleItems {
            return .tuple(a + b)
        }
        var help: String?
        if op == .add, left.typeName == "str" || right.typeName == "str" {
            help = "convert with str(...) first, or use an f-string: f\"{value}\""
        }
        // CPython's wording when the left operand is a str, list or tuple (sequence concatenation).
        if op == .add, ["str", "list", "tuple"].contains(left.typeName) {
            throw ScriptError(.typeError, "can only concatenate \(left.typeName) (not \"\(right.typeName)\") to \(left.typeName)", help: help)
        }
        throw ScriptError(.typeError, "unsupported operand type(s) for \(op.rawValue): '\(left.typeName)' and '\(right.typeName)'", help: help)
    }

    private func checkLength(_ count: Int) throws {
        if count > limits.maxContainerLength {
            throw ScriptError(.memoryError, "a container of \(count) items exceeds the limit of \(limits.maxContainerLength)")
        }
    }

    private func repeated(_ items: [Value], _ times: Int) throws -> [Value] {
        let n = max(0, times)
        if items.isEmpty || n == 0 { return [] }
        let (count, overflow) = items.count.multipliedReportingOverflow(by: n)
        if overflow { throw ScriptError(.memoryError, "repetition count \(times) is too large") }
        try checkLength(count)
        var result: [Value] = []
        result.reserveCapacity(count)
        for _ in 0..<n { result += items }
        return result
    }

    private func setOperation(_ op: BinaryOperator, _ a: SetObject, _ b: SetObject, frozen: Bool) throws -> SetObject {
        switch op {
        case .bitOr: return try SetMethods.union(a, [b], frozen: frozen)
        case .bitAnd: return try SetMethods.intersection(a, [b], frozen: frozen)
        case .subtract: return try SetMethods.difference(a, [b], frozen: frozen)
        default: return try SetMethods.symmetricDifference(a, b, frozen: frozen)
        }
    }

    func overflow(_ a: Int, _ op: String, _ b: Int) -> ScriptError {
        ScriptError(.overflowError, "integer overflow: \(a) \(op) \(b) does not fit in 64 bits",
                    notes: ["lorarepl integers are 64-bit (from -9223372036854775808 to 9223372036854775807)"],
                    help: "use floats for very large numbers, e.g. float(\(a)) \(op) \(b)")
    }

    func intBinary(_ op: BinaryOperator, _ a: Int, _ b: Int) throws -> Value {
        switch op {
        case .add:
            let (r, o) = a.addingReportingOverflow(b)
            if o { throw overflow(a, "+", b) }
            return .int(r)
        case .subtract:
            let (r, o) = a.subtractingReportingOverflow(b)
            if o { throw overflow(a, "-", b) }
            return .int(r)
        case .multiply:
            let (r, o) = a.multipliedReportingOverflow(by: b)
            if o { throw overflow(a, "*", b) }
            return .int(r)
        case .divide:
            if b == 0 { throw ScriptError(.zeroDivisionError, "division by zero") }
            return .float(Double(a) / Double(b))
        case .floorDivide:
            if b == 0 { throw ScriptError(.zeroDivisionError, "integer division or modulo by zero") }
            if a == Int.min && b == -1 { throw overflow(a, "//", b) }
            let q = a / b
            return .int((a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q)
        case .modulo:
            if b == 0 { throw ScriptError(.zeroDivisionError, "integer division or modulo by zero") }
            if b == -1 { return .int(0) }
            let r = a % b
            return .int((r != 0 && (r < 0) != (b < 0)) ? r + b : r)
        case .power:
            if b < 0 {
                if a == 0 { throw ScriptError(.zeroDivisionError, "0.0 cannot be raised to a negative power") }
                return .float(Foundation.pow(Double(a), Double(b)))
            }
            var result = 1, base = a, exponent = b
            while exponent > 0 {
                if exponent & 1 == 1 {
                    let (r, o) = result.multipliedReportingOverflow(by: base)
                    if o { throw overflow(a, "**", b) }
                    result = r
                }
                exponent >>= 1
                if exponent > 0 {
                    let (sq, o) = base.multipliedReportingOverflow(by: base)
                    if o { throw overflow(a, "**", b) }
                    base = sq
                }
            }
            return .int(result)
        case .bitAnd: return .int(a & b)
        case .bitOr: return .int(a | b)
        case .bitXor: return .int(a ^ b)
        case .shiftLeft:
            if b < 0 { throw ScriptError(.valueError, "negative shift count") }
            if b >= 64 || (a << b) >> b != a { throw overflow(a, "<<", b) }
            return .int(a << b)
        case .shiftRight:
            if b < 0 { throw ScriptError(.valueError, "negative shift count") }
            return .int(b >= 64 ? (a < 0 ? -1 : 0) : a >> b)
        case .matmul:
            throw ScriptError(.typeError, "unsupported operand type(s) for @: 'int' and 'int'", help: "'@' multiplies tensors (matrix product)")
        }
    }

    func floatBinary(_ op: BinaryOperator, _ a: Double, _ b: Double) throws -> Value {
        switch op {
        case .add: return .float(a + b)
        case .subtract: return .float(a - b)
        case .multiply: return .float(a * b)
        case .divide:
            if b == 0 { throw ScriptError(.zeroDivisionError, "float division by zero") }
            return .float(a / b)
        case .floorDivide:
            if b == 0 { throw ScriptError(.zeroDivisionError, "float floor division by zero") }
            return .float(Interpreter.floatDivmod(a, b).0)
        case .modulo:
            if b == 0 { throw ScriptError(.zeroDivisionError, "float modulo") }
            return .float(Interpreter.floatDivmod(a, b).1)
        case .power:
            if a == 0 && b < 0 { throw ScriptError(.zeroDivisionError, "0.0 cannot be raised to a negative power") }
            if a < 0 && b != b.rounded() {
                throw ScriptError(.valueError, "a negative number raised to a fractional power is complex, which lorarepl does not support")
            }
            let r = Foundation.pow(a, b)
            if r.isInfinite && a.isFinite && b.isFinite { throw ScriptError(.overflowError, "(34, 'Numerical result out of range')") }
            return .float(r)
        default:
            throw ScriptError(.typeError, "unsupported operand type(s) for \(op.rawValue): 'float' and 'float'")
        }
    }

    /// CPython's float_divmod: the floor quotient and a remainder with the divisor's sign.
    static func floatDivmod(_ a: Double, _ b: Double) -> (Double, Double) {
        var mod = fmod(a, b)
        var div = (a - mod) / b
        if mod != 0 {
            if (b < 0) != (mod < 0) {
                mod += b
                div -= 1
            }
        } else {
            mod = b < 0 ? -0.0 : 0.0
        }
        var floordiv: Double
        if div != 0 {
            floordiv = div.rounded(.down)
            if div - floordiv > 0.5 { floordiv += 1 }
        } else {
            floordiv = (a / b < 0) ? -0.0 : 0.0
        }
        return (floordiv, mod)
    }

    func unary(_ op: UnaryOperator, _ value: Value) throws -> Value {
        switch (op, value) {
        case (.not, _): return .bool(!(try truthy(value)))
        case (.negate, .int(let n)):
            if n == Int.min { throw ScriptError(.overflowError, "integer overflow: -(\(n)) does not fit in 64 bits") }
            return .int(-n)
        case (.negate, .float(let x)): return .float(-x)
        case (.negate, .bool(let b)): return .int(b ? -1 : 0)
        case (.plus, .int), (.plus, .float): return value
        case (.plus, .bool(let b)): return .int(b ? 1 : 0)
        case (.invert, .int(let n)): return .int(~n)
        case (.invert, .bool(let b)): return .int(~(b ? 1 : 0))
        case (_, .host(let host)):
            if let result = try host.unaryOperation(op.rawValue, context: CallContext(interpreter: self, range: nil)) { return result }
        default: break
        }
        throw ScriptError(.typeError, "bad operand type for unary \(op.rawValue): '\(value.typeName)'")
    }

    /// Python truthiness.
    func truthy(_ value: Value) throws -> Bool { try value.isTruthy() }

    func compare(_ op: CompareOperator, _ left: Value, _ right: Value) throws -> Bool {
        switch op {
        case .equal: return try equal(left, right)
        case .notEqual: return !(try equal(left, right))
        case .is: return identical(left, right)
        case .isNot: return !identical(left, right)
        case .in: return try contains(right, left)
        case .notIn: return !(try contains(right, left))
        case .less, .lessEqual, .greater, .greaterEqual:
            if case .host = left, let result = try hostCompare(op, left, right) { return result }
            if case .host = right, let result = try hostCompare(op, left, right) { return result }
            if case .set(let a) = left, case .set(let b) = right {
                // Subset and superset, as Python's set comparisons.
                switch op {
                case .less: return try a.count < b.count && a.isSubset(of: b)
                case .lessEqual: return try a.isSubset(of: b)
                case .greater: return try b.count < a.count && b.isSubset(of: a)
                default: return try b.isSubset(of: a)
                }
            }
            if let a = left.doubleValue, let b = right.doubleValue, a.isNaN || b.isNaN,
               left.typeName != "str" { return false }
            let order = try ordering(left, right, op: op.rawValue)
            switch op {
            case .less: return order < 0
            case .lessEqual: return order <= 0
            case .greater: return order > 0
            default: return order >= 0
            }
        }
    }

    /// One link of a comparison as a value, like Python's rich comparison: for `== != < <= > >=` a host
    /// operand's own result is returned as it is (an element-wise bool Tensor for `preds == labels`, never
    /// turned into a truth value here); the left operand is asked first, then the right one reflected.
    /// Everything else (`in`, `is`, plain values, hosts without the operator) gives the bool `compare` gives.
    func richCompare(_ op: CompareOperator, _ left: Value, _ right: Value) throws -> Value {
        if case .int(let a) = left, case .int(let b) = right {
            switch op {
            case .equal: return .bool(a == b)
            case .notEqual: return .bool(a != b)
            case .less: return .bool(a < b)
            case .lessEqual: return .bool(a <= b)
            case .greater: return .bool(a > b)
            case .greaterEqual: return .bool(a >= b)
            default: break
            }
        }
        switch op {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
            let context = CallContext(interpreter: self, range: nil)
            if case .host(let h) = left, let result = try h.binaryOperation(op.rawValue, right, reflected: false, context: context) {
                return result
            }
            if case .host(let h) = right, let result = try h.binaryOperation(op.rawValue, left, reflected: true, context: context) {
                return result
            }
        default:
            break
        }
        return .bool(try compare(op, left, right))
    }

    private func hostCompare(_ op: CompareOperator, _ left: Value, _ right: Value) throws -> Bool? {
        let context = CallContext(interpreter: self, range: nil)
        var result: Value?
        if case .host(let h) = left { result = try h.binaryOperation(op.rawValue, right, reflected: false, context: context) }
        if result == nil, case .host(let h) = right { result = try h.binaryOperation(op.rawValue, left, reflected: true, context: context) }
        return try result.map { try truthy($0) }
    }

    /// -1, 0 or 1; TypeError for values without an order (`'<' not supported between 'str' and 'int'`).
    func ordering(_ left: Value, _ right: Value, op: String = "<") throws -> Int {
        switch (left, right) {
        case (.int(let a), .int(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.str(let a), .str(let b)):
            if a == b { return 0 }
            return a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars, by: { $0.value < $1.value }) ? -1 : 1
        case (.list, .list), (.tuple, .tuple):
            let a = left.sequenceItems ?? [], b = right.sequenceItems ?? []
            for (x, y) in zip(a, b) where !(try equal(x, y)) { return try ordering(x, y, op: op) }
            return a.count < b.count ? -1 : (a.count == b.count ? 0 : 1)
        case (.host, _), (_, .host):
            // Objects order by their `<` (as CPython's sort does): a < b, else b < a, else equal.
            if let less = try hostCompare(.less, left, right) {
                if less { return -1 }
                return try hostCompare(.less, right, left) == true ? 1 : 0
            }
            throw ScriptError(.typeError, "'\(op)' not supported between instances of '\(left.typeName)' and '\(right.typeName)'")
        default:
            if let a = left.doubleValue, let b = right.doubleValue {
                if a < b { return -1 }
                if a > b { return 1 }
                return 0  // NaN: `compare` answers false before asking for an ordering
            }
            throw ScriptError(.typeError, "'\(op)' not supported between instances of '\(left.typeName)' and '\(right.typeName)'")
        }
    }

    /// Python `==`.
    func equal(_ left: Value, _ right: Value) throws -> Bool {
        switch (left, right) {
        case (.int(let a), .int(let b)): return a == b
        case (.str(let a), .str(let b)): return a.utf8.elementsEqual(b.utf8)  // same scalars ⇔ same UTF-8 bytes
        case (.none, .none): return true
        case (.list(let a), .list(let b)):
            if a === b { return true }
            return try sequencesEqual(a.items, b.items)
        case (.tuple(let a), .tuple(let b)): return try sequencesEqual(a, b)
        case (.dict(let a), .dict(let b)):
            guard a.count == b.count else { return false }
            for (k, v) in a.pairs {
                guard let other = try b.get(k), try equal(v, other) else { return false }
            }
            return true
        case (.set(let a), .set(let b)):
            guard a.count == b.count else { return false }
            for item in a.items where !(try b.contains(item)) { return false }
            return true
        case (.range(let a), .range(let b)):
            return a.count == b.count && (a.count == 0 || (a.start == b.start && (a.count == 1 || a.step == b.step)))
        case (.host(let h), _), (_, .host(let h)):
            // The same object is equal to itself without asking it (CPython's PyObject_RichCompareBool), so
            // `t in [t]` finds a tensor without an element-wise `==` and its ambiguous truth value.
            if identical(left, right) { return true }
            let reflected: Bool = { if case .host(let l) = left, l === h { return false }; return true }()
            if let result = try h.binaryOperation("==", reflected ? left : right, reflected: reflected,
                                                  context: CallContext(interpreter: self, range: nil)) {
                return try truthy(result)
            }
            return identical(left, right)
        default:
            if let a = left.doubleValue, let b = right.doubleValue {
                switch (left, right) {
                case (.int, .float), (.float, .int), (.float, .float), (.bool, _), (_, .bool): return a == b
                default: return false
                }
            }
            return identical(left, right)
        }
    }

    private func sequencesEqual(_ a: [Value], _ b: [Value]) throws -> Bool {
        guard a.count == b.count else { return false }
        callDepth += 1
        defer { callDepth -= 1 }
        if callDepth > limits.maxRecursionDepth {
            throw ScriptError(.recursionError, "maximum recursion depth exceeded in comparison")
        }
        for (x, y) in zip(a, b) where !(try equal(x, y)) { return false }
        return true
    }

    /// Python `is`.
    func identical(_ left: Value, _ right: Value) -> Bool {
        switch (left, right) {
        case (.none, .none): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.str(let a), .str(let b)): return a == b
        case (.list(let a), .list(let b)): return a === b
        case (.dict(let a), .dict(let b)): return a === b
        case (.set(let a), .set(let b)): return a === b
        case (.function(let a), .function(let b)): return a === b
        case (.builtin(let a), .builtin(let b)): return a === b
        case (.type(let a), .type(let b)): return a === b
        case (.module(let a), .module(let b)): return a === b
        case (.exception(let a), .exception(let b)): return a === b
        case (.host(let a), .host(let b)): return a === b
        case (.iterator(let a), .iterator(let b)): return a === b
        default: return false
        }
    }

    /// Python `item in container`.
    func contains(_ container: Value, _ item: Value) throws -> Bool {
        switch container {
        case .str(let s):
            guard case .str(let sub) = item else {
                throw ScriptError(.typeError, "'in <string>' requires string as left operand, not \(item.typeName)")
            }
            return sub.isEmpty || s.contains(sub)
        case .list(let l): return try l.items.contains { try equal($0, item) }
        case .tuple(let t): return try t.contains { try equal($0, item) }
        case .dict(let d): return try d.contains(item)
        case .set(let s): return try s.contains(item)
        case .type where metaclassMethod(container, "__contains__") != nil:
            return try truthy(try callMetaclassMethod(metaclassMethod(container, "__contains__") ?? .none, container, [item]))
        case .range(let r):
            guard let n = item.intValue else { return false }
            if r.step > 0 ? (n < r.start || n >= r.stop) : (n > r.start || n <= r.stop) { return false }
            let distance = UInt64(bitPattern: r.step > 0 ? Int64(n) &- Int64(r.start) : Int64(r.start) &- Int64(n))
            return distance % UInt64(r.step.magnitude) == 0
        case .host(let host):
            if let result = try host.contains(item, context: CallContext(interpreter: self, range: nil)) { return result }
        default:
            break
        }
        guard isIterable(container) else {
            throw ScriptError(.typeError, "argument of type '\(container.typeName)' is not iterable")
        }
        return try collect(container).contains { try equal($0, item) }
    }
}

extension Value {
    /// Python truthiness (`bool(value)`): empty containers, zero, `None` and `''` are false; a host
    /// object decides through `__bool__`/`__len__`.
    public func isTruthy() throws -> Bool {
        switch self {
        case .none: return false
        case .bool(let b): return b
        case .int(let n): return n != 0
        case .float(let x): return x != 0
        case .str(let s): return !s.isEmpty
        case .list(let l): return !l.items.isEmpty
        case .tuple(let t): return !t.isEmpty
        case .dict(let d): return d.count > 0
        case .set(let s): return s.count > 0
        case .range(let r): return r.count > 0
        case .host(let host):
            if let truth = try host.truthValue() { return truth }
            if let length = host.length() { return length > 0 }
            return true
        default: return true
        }
    }
}
