/// Inline caches for attributes of script class instances (`self.total`, `self.total = x`,
/// `obj.method(...)`), on the attribute node. A read or write of an instance attribute remembers its
/// position in the instance's attribute dict for that class (instances built by one `__init__` share the
/// order) and is checked by comparing the key there; a method call remembers the class's function.
/// Entries hold for one class and one `classEpoch`, which changes whenever a class is created or a class
/// attribute is set or deleted, so a property or `__setattr__` added later is always seen.
extension Interpreter {
    /// `instance.name` from the cache, or nil (then the general path runs and may fill it).
    @inline(__always)
    func cachedInstanceRead(_ expr: Expr, _ instance: Instance, _ name: String) -> Value? {
        guard expr.cachedOwner == ObjectIdentifier(instance.type), expr.cachedVersion == classEpoch, instance.hostBase == nil else { return nil }
        return instance.attributes.value(atSlot: expr.cachedSlot, ifKeyIs: name)
    }

    /// The general read of an instance attribute, remembering where a plain instance attribute was found.
    func readInstanceAttribute(_ expr: Expr, _ instance: Instance, _ name: String, range: SourceRange) throws -> Value {
        let value = try getAttribute(.host(instance), name, range: range)
        rememberInstanceSlot(expr, instance, name)
        return value
    }

    /// Set `instance.name` through the cache; false when the general path must run.
    /// When the cache holds for the class, nothing can intercept the write: a new attribute (`self.x = x`
    /// in `__init__`) is added directly.
    @inline(__always)
    func cachedInstanceWrite(_ expr: Expr, _ instance: Instance, _ name: String, _ value: Value) -> Bool {
        guard expr.cachedOwner == ObjectIdentifier(instance.type), expr.cachedVersion == classEpoch, instance.hostBase == nil else {
            return false
        }
        if instance.attributes.setValue(value, atSlot: expr.cachedSlot, ifKeyIs: name) { return true }
        instance.attributes.set(name, value)
        return true
    }

    func writeInstanceAttribute(_ expr: Expr, _ instance: Instance, _ name: String, _ value: Value) throws {
        try setAttribute(.host(instance), name, value)
        rememberInstanceSlot(expr, instance, name)
    }

    /// Cache the slot of `name` in the instance's dict when neither the class nor a host base can
    /// intercept the access (no property of that name, no `__setattr__`/`__getattr__`, no host object).
    private func rememberInstanceSlot(_ expr: Expr, _ instance: Instance, _ name: String) {
        guard instance.hostBase == nil, let slot = instance.attributes.slot(name) else { return }
        if case .host(let host)? = instance.type.lookup(name), host is PropertyObject { return }
        if instance.type.lookup("__setattr__") != nil || instance.type.lookup("__getattr__") != nil { return }
        expr.cachedOwner = ObjectIdentifier(instance.type)
        expr.cachedVersion = classEpoch
        expr.cachedSlot = slot
    }

    /// The function `instance.name` binds when it is a plain function of the class (cached per class).
    /// An instance attribute of the same name still wins, as in Python.
    func classFunction(_ expr: Expr, _ instance: Instance, _ name: String) -> Function? {
        let function: Function?
        if expr.cachedMethodOwner == ObjectIdentifier(instance.type), expr.cachedMethodEpoch == classEpoch {
            function = expr.cachedFunction
        } else {
            if case .function(let found)? = instance.type.lookup(name) { function = found } else { function = nil }
            expr.cachedMethodOwner = ObjectIdentifier(instance.type)
            expr.cachedMethodEpoch = classEpoch
            expr.cachedFunction = function
        }
        guard let function else { return nil }
        if instance.attributes.count > 0, instance.attributes.get(name) != nil { return nil }
        return function
    }
}

extension DictObject {
    /// The value at `slot` when the key there is the string `key`, else nil.
    @inline(__always)
    func value(atSlot slot: Int, ifKeyIs key: String) -> Value? {
        guard slot < keys.count, case .str(let found) = keys[slot], found == key else { return nil }
        return values[slot]
    }

    /// Replace the value at `slot` when the key there is the string `key`; false otherwise.
    @inline(__always)
    func setValue(_ value: Value, atSlot slot: Int, ifKeyIs key: String) -> Bool {
        guard slot < keys.count, case .str(let found) = keys[slot], found == key else { return false }
        setValue(value, atSlot: slot)
        return true
    }
}
