/// Reading and writing names through the inline cache on each name node (`Expr.nameCache`): a local
/// is an array slot of its scope, a module-level name a slot of the globals dict, a built-in its value
/// while no global of that name can have appeared. Anything else takes the general path (`lookup`,
/// `store`), which also produces the errors.
extension Interpreter {
    /// The value of the name node `expr` (`name` is its text).
    @inline(__always)
    func readName(_ expr: Expr, _ name: String, _ frame: Frame) throws -> Value {
        if let value = cachedName(expr, frame) { return value }
        return try readNameSlowly(expr, name, frame)
    }

    /// The value of a name node whose cache holds in `frame`, else nil (`evaluate` tries this before
    /// the node `switch`, so reading a resolved variable costs a few loads).
    @inline(__always)
    func cachedName(_ expr: Expr, _ frame: Frame) -> Value? {
        switch expr.nameCache {
        case .local:
            if let scope = frame.scope, scope.layout === expr.cachedLayout { return scope.slots[expr.cachedSlot] }
        case .global:
            let globals = frame.globals
            if expr.cachedOwner == ObjectIdentifier(globals), expr.cachedVersion == globals.layoutVersion {
                return globals.value(atSlot: expr.cachedSlot)
            }
        case .builtin:
            let globals = frame.globals
            if let value = expr.cachedBuiltin, expr.cachedOwner == ObjectIdentifier(globals), expr.cachedVersion == globals.layoutVersion,
               expr.cachedCount == globals.count, expr.cachedBuiltinsVersion == builtinsVersion {
                return value
            }
        case .none:
            break
        }
        return nil
    }

    private func readNameSlowly(_ expr: Expr, _ name: String, _ frame: Frame) throws -> Value {
        switch resolve(name, frame) {
        case .local(let layout, let slot):
            expr.nameCache = .local
            expr.cachedLayout = layout
            expr.cachedSlot = slot
        case .global:
            let globals = frame.globals
            if let slot = globals.slot(name) {
                expr.nameCache = .global
                expr.cachedOwner = ObjectIdentifier(globals)
                expr.cachedVersion = globals.layoutVersion
                expr.cachedSlot = slot
                return globals.value(atSlot: slot)
            }
            if let value = builtins[name] {
                expr.nameCache = .builtin
                expr.cachedOwner = ObjectIdentifier(globals)
                expr.cachedVersion = globals.layoutVersion
                expr.cachedCount = globals.count
                expr.cachedBuiltinsVersion = builtinsVersion
                expr.cachedBuiltin = value
                return value
            }
        case .dynamic:
            break
        }
        return try lookup(name, frame, range: expr.range)
    }

    /// Bind `value` to the name node `target`.
    @inline(__always)
    func writeName(_ target: Expr, _ name: String, _ value: Value, _ frame: Frame) {
        if let scope = frame.scope {
            if target.nameCache == .local, scope.layout === target.cachedLayout {
                scope.slots[target.cachedSlot] = value
                return
            }
            if case .local(let layout, let slot) = resolve(name, frame) {
                target.nameCache = .local
                target.cachedLayout = layout
                target.cachedSlot = slot
                scope.slots[slot] = value
                return
            }
            store(name, value, frame)
            return
        }
        let globals = frame.globals
        if target.nameCache == .global, target.cachedOwner == ObjectIdentifier(globals), target.cachedVersion == globals.layoutVersion {
            globals.setValue(value, atSlot: target.cachedSlot)
            return
        }
        globals.set(name, value)
        if let slot = globals.slot(name) {
            target.nameCache = .global
            target.cachedOwner = ObjectIdentifier(globals)
            target.cachedVersion = globals.layoutVersion
            target.cachedSlot = slot
        }
    }

    enum NameResolution {
        /// A local of the innermost scope.
        case local(ScopeLayout, Int)
        /// Not bound by any enclosing function scope: a global or a built-in.
        case global
        /// A closure variable, a class-body name, or declared `global`/`nonlocal`: the general path.
        case dynamic
    }

    /// Where `name` lives, from the static layouts of the scopes around `frame` (the same for every
    /// run of one name node, since scopes nest as the source does).
    func resolve(_ name: String, _ frame: Frame) -> NameResolution {
        guard let scope = frame.scope else { return .global }
        if scope.globalNames.contains(name) { return .global }
        if scope.nonlocalNames.contains(name) { return .dynamic }
        if let layout = scope.layout {
            if let slot = layout.slotOf[name] { return .local(layout, slot) }
        } else {
            return .dynamic
        }
        var outer = scope.parent
        while let s = outer {
            guard let layout = s.layout, layout.slotOf[name] == nil, !s.globalNames.contains(name), !s.nonlocalNames.contains(name) else {
                return .dynamic
            }
            outer = s.parent
        }
        return .global
    }
}
