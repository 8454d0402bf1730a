import Foundation

/// The restricted unpickler of `torch.load(weights_only=True)` (PyTorch's `_weights_only_unpickler`): the
/// same opcodes (protocol 2) and only data globals — `collections.OrderedDict`, the tensor rebuild
/// functions, typed storages, `torch.device`, `torch.Size`, dtypes, `_codecs.encode` (bytes), `set`,
/// `bytearray`, `Counter`. Any other global is refused with PyTorch's message before anything runs.
/// The machine is iterative (no recursion), every length is checked against the bytes left, and storages
/// come from `storage` (the archive's `data/<key>` entries, checked there).
struct PickleReader {
    /// What a `BINPERSID` asks for: `("storage", type, key, location, numel)`.
    struct StorageRequest {
        let type: TorchStorageType
        let key: String
        let location: String
        let count: Int
    }

    /// A callable a GLOBAL names.
    enum Global: String {
        case orderedDict = "collections.OrderedDict", counter = "collections.Counter"
        case rebuildTensor = "torch._utils._rebuild_tensor_v2", rebuildParameter = "torch._utils._rebuild_parameter"
        case rebuildParameterWithState = "torch._utils._rebuild_parameter_with_state", parameter = "torch.nn.parameter.Parameter"
        case device = "torch.device", size = "torch.Size", encode = "_codecs.encode", set = "builtins.set", bytearray = "builtins.bytearray"
    }

    private let bytes: UnsafeRawBufferPointer
    private let file: String
    private let storage: (StorageRequest) throws -> TorchStorage
    private var position = 0
    /// A value on the stack or in the memo, with a tuple's nesting height (lists and dicts keep theirs).
    private struct Item {
        let value: PickleValue
        var tupleHeight = 0
    }

    /// The deepest nesting of containers a file may hold (deeper ones could exhaust the stack when freed).
    static let maxDepth = 1000
    private var stack: [Item] = []
    private var marks: [[Item]] = []
    private var memo: [Int: Item] = [:]

    init(_ bytes: UnsafeRawBufferPointer, file: String, storage: @escaping (StorageRequest) throws -> TorchStorage) {
        self.bytes = bytes
        self.file = file
        self.storage = storage
    }

    /// Runs the pickle to its STOP and returns the value it built.
    mutating func load() throws -> PickleValue {
        while true {
            let op = try byte()
            switch op {
            case 0x80: _ = try byte()                                   // PROTO
            case 0x2e:                                                  // STOP
                guard let result = stack.popLast() else { throw corrupt("it ends without a value") }
                return result.value
            case 0x63: try pushGlobal()                                 // GLOBAL
            case 0x52: try reduce()                                     // REDUCE
            case 0x81:                                                  // NEWOBJ
                let args = try popValue(), callable = try popValue()
                guard case .global(Global.parameter.rawValue) = callable, case .tuple(let items) = args, case .tensor(var tensor)? = items.first else {
                    throw refused("Can only create new object for nn.Parameter or classes allowlisted via `add_safe_globals`")
                }
                tensor.isParameter = true
                if items.count > 1, case .bool(let flag) = items[1] { tensor.requiresGrad = flag } else { tensor.requiresGrad = true }
                push(.tensor(tensor))
            case 0x62:                                                  // BUILD
                _ = try popValue()
                guard let target = stack.last?.value else { throw corrupt("BUILD has no object") }
                switch target {
                case .dict(let dict) where dict.isOrdered: break        // OrderedDict attributes (a state dict's _metadata)
                case .tensor: break                                     // a Parameter's state
                default: throw refused("Can only build Tensor, Parameter, OrderedDict or types allowlisted via `add_safe_globals`, but got \(target.typeName)")
                }
            case 0x61:                                                  // APPEND
                let item = try pop()
                let target = try list("append")
                try nest([item], into: target)
                target.items.append(item.value)
            case 0x65:                                                  // APPENDS
                let items = try popMark()
                let target = try list("extend")
                try nest(items, into: target)
                target.items.append(contentsOf: items.map(\.value))
            case 0x73:                                                  // SETITEM
                let item = try pop(), key = try pop()
                let target = try dict("SETITEM")
                try nest([key, item], into: target)
                target.pairs.append((key.value, item.value))
            case 0x75:                                                  // SETITEMS
                let items = try popMark()
                guard items.count % 2 == 0 else { throw corrupt("SETITEMS has an odd number of items") }
                let target = try dict("SETITEMS")
                try nest(items, into: target)
                for i in stride(from: 0, to: items.count, by: 2) { target.pairs.append((items[i].value, items[i + 1].value)) }
            case 0x28:                                                  // MARK
                marks.append(stack)
                stack = []
            case 0x74: try pushTuple(try popMark())                     // TUPLE
            case 0x85: let a = try pop(); try pushTuple([a])            // TUPLE1
            case 0x86: let b = try pop(), a = try pop(); try pushTuple([a, b])
            case 0x87: let c = try pop(), b = try pop(), a = try pop(); try pushTuple([a, b, c])
            case 0x4e: push(.none)
            case 0x88: push(.bool(true))
            case 0x89: push(.bool(false))
            case 0x29: push(.tuple([]))
            case 0x5d: push(.list(PickleList()))
            case 0x7d: push(.dict(PickleDict()))
            case 0x8f: push(.set(PickleList()))                               // EMPTY_SET
            case 0x4a: push(.int(Int(Int32(bitPattern: UInt32(try fixed(4))))))   // BININT
            case 0x4b: push(.int(Int(try byte())))                            // BININT1
            case 0x4d: push(.int(Int(try fixed(2))))                          // BININT2
            case 0x47: push(.float(Double(bitPattern: UInt64(bigEndian: try fixedRaw(8)))))  // BINFLOAT
            case 0x58:                                                  // BINUNICODE
                let text = try take(Int(try fixed(4)))
                guard let string = String(bytes: text, encoding: .utf8) else { throw corrupt("a string is not valid UTF-8") }
                push(.string(string))
            case 0x55: push(.bytes(Array(try take(Int(try byte())))))         // SHORT_BINSTRING
            case 0x51: try persistentLoad()                             // BINPERSID
            case 0x68: try memoGet(Int(try byte()))                     // BINGET
            case 0x6a: try memoGet(Int(try fixed(4)))                   // LONG_BINGET
            case 0x71: try memoPut(Int(try byte()))                     // BINPUT
            case 0x72: try memoPut(Int(try fixed(4)))                   // LONG_BINPUT
            case 0x8a: push(.int(try long(Array(try take(Int(try byte()))))))  // LONG1
            default:
                throw WeightIOError(.invalidPickle, file: file,
                                    "\(file): Unsupported operand \(op) at byte \(position - 1) of data.pkl (the weights-only loader reads pickle protocol 2 as torch.save writes it)",
                                    help: "save the file with torch.save (protocol 2, the default)")
            }
        }
    }

    // MARK: Globals

    private mutating func pushGlobal() throws {
        let module = try line(), name = try line()
        let full = "\(module == "__builtin__" ? "builtins" : module).\(name)"
        if Global(rawValue: full) != nil || (module == "torch" && TorchStorageType(rawValue: name) != nil) { push(.global(full)); return }
        if module == "torch", TorchStorageType(torchName: name) != nil || ["float", "double", "half", "long", "int", "short"].contains(name) {
            push(.dtype(name)); return
        }
        throw refused("Unsupported global: GLOBAL \(full) was not an allowed global by default",
                      help: Self.globalHelp(full))
    }

    /// What to do about a refused global: globals PyTorch's loader allows but lorarepl does not, and the rest.
    static func globalHelp(_ full: String) -> String {
        if full.hasPrefix("torch._utils._rebuild") || full.hasPrefix("torch.") {
            return "lorarepl reads dense CPU tensors, dicts, lists, numbers and strings; save the tensors as plain tensors (t.contiguous(), no quantized or sparse layouts)"
        }
        return "this checkpoint holds Python objects besides tensors (weights_only=False in PyTorch, which runs code from the file); in PyTorch, save only data: torch.save({\"model\": model.state_dict(), \"epoch\": epoch}, path)"
    }

    private mutating func reduce() throws {
        let args = try pop()
        let callable = try popValue()
        guard case .tuple(let items) = args.value else { throw corrupt("REDUCE arguments are not a tuple") }
        guard case .global(let name) = callable, let global = Global(rawValue: name) else {
            throw refused("Trying to call reduce for unrecognized function \(callable.typeName)")
        }
        let result = try call(global, items)
        // A dict or set made from the arguments holds their items: it is as deep as they are.
        switch result {
        case .dict(let dict): dict.height = args.tupleHeight
        case .set(let set): set.height = args.tupleHeight
        default: break
        }
        stack.append(Item(value: result, tupleHeight: args.tupleHeight))
    }

    private func call(_ global: Global, _ args: [PickleValue]) throws -> PickleValue {
        switch global {
        case .orderedDict, .counter:
            let dict = PickleDict(isOrdered: global == .orderedDict)
            if case .dict(let source)? = args.first { dict.pairs = source.pairs }
            else if case .list(let source)? = args.first {
                for item in source.items { guard case .tuple(let pair) = item, pair.count == 2 else { throw corrupt("OrderedDict items are not pairs") }
                    dict.pairs.append((pair[0], pair[1])) }
            }
            return .dict(dict)
        case .rebuildTensor:
            return .tensor(try rebuildTensor(args))
        case .rebuildParameter, .rebuildParameterWithState, .parameter:
            guard case .tensor(var tensor)? = args.first else { throw corrupt("a Parameter without its tensor") }
            tensor.isParameter = true
            if args.count > 1, case .bool(let flag) = args[1] { tensor.requiresGrad = flag } else { tensor.requiresGrad = true }
            return .tensor(tensor)
        case .device:
            guard case .string(let kind)? = args.first else { throw corrupt("torch.device without a type") }
            if args.count > 1, case .int(let index) = args[1] { return .device("\(kind):\(index)") }
            return .device(kind)
        case .size:
            guard case .tuple(let items)? = args.first else { return .size([]) }
            let sizes = items.compactMap { item -> Int? in if case .int(let n) = item { n } else { nil } }
            guard sizes.count == items.count else { throw corrupt("torch.Size of something other than integers") }
            return .size(sizes)
        case .encode:
            // Protocol 2 writes bytes as _codecs.encode(text, "latin1").
            guard case .string(let text)? = args.first else { throw corrupt("_codecs.encode without a string") }
            return .bytes(text.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) })
        case .bytearray:
            if case .bytes(let data)? = args.first { return .bytes(data) }
            return .bytes([])
        case .set:
            if case .list(let items)? = args.first { return .set(PickleList(items.items)) }
            return .set(PickleList())
        }
    }

    /// `_rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])`;
    /// `TorchTensor` checks that every element lies inside the storage.
    private func rebuildTensor(_ args: [PickleValue]) throws -> TorchTensor {
        guard args.count >= 4, case .storage(let store) = args[0], case .int(let offset) = args[1],
              let shape = integers(args[2]), let strides = integers(args[3]), shape.count == strides.count else {
            throw corrupt("_rebuild_tensor_v2 has arguments of the wrong kind")
        }
        var requiresGrad = false
        if args.count > 4, case .bool(let flag) = args[4] { requiresGrad = flag }
        do { return try TorchTensor(storage: store, offset: offset, shape: shape, strides: strides, requiresGrad: requiresGrad) } catch let error as WeightIOError {
            throw corrupt(error.message)
        }
    }

    private func integers(_ value: PickleValue) -> [Int]? {
        guard case .tuple(let items) = value else { return nil }
        var result: [Int] = []
        for item in items { guard case .int(let n) = item else { return nil }; result.append(n) }
        return result
    }

    // MARK: Storages

    private mutating func persistentLoad() throws {
        let id = try popValue()
        guard case .tuple(let items) = id, items.count == 5, case .string("storage") = items[0] else {
            throw refused("Only persistent_load of storage is allowed")
        }
        guard case .string(let key) = items[2], case .string(let location) = items[3], case .int(let count) = items[4],
              case .global(let typeName) = items[1], typeName.hasPrefix("torch."), let type = TorchStorageType(rawValue: String(typeName.dropFirst(6))) else {
            throw corrupt("a storage reference of the wrong form")
        }
        let loaded = try storage(StorageRequest(type: type, key: key, location: location, count: count))
        push(.storage(loaded))
    }

    // MARK: Stack and memo

    private mutating func push(_ value: PickleValue) { stack.append(Item(value: value)) }

    private mutating func pop() throws -> Item {
        guard let item = stack.popLast() else { throw corrupt("the stack is empty at byte \(position - 1)") }
        return item
    }

    private mutating func popValue() throws -> PickleValue { try pop().value }

    private mutating func popMark() throws -> [Item] {
        guard let previous = marks.popLast() else { throw corrupt("a MARK is missing") }
        let items = stack
        stack = previous
        return items
    }

    /// How deeply a value nests containers.
    private func height(_ item: Item) -> Int {
        switch item.value {
        case .list(let list), .set(let list): return list.height
        case .dict(let dict): return dict.height
        case .tuple: return item.tupleHeight
        default: return 0
        }
    }

    private mutating func pushTuple(_ items: [Item]) throws {
        let tupleHeight = try nestedHeight(items)
        stack.append(Item(value: .tuple(items.map(\.value)), tupleHeight: tupleHeight))
    }

    /// The height of a container holding `items`, which are now inside it; over `maxDepth` is an error.
    private func nestedHeight(_ items: [Item]) throws -> Int {
        var result = 0
        for item in items {
            result = max(result, height(item) + 1)
            switch item.value {
            case .list(let list), .set(let list): list.isNested = true
            case .dict(let dict): dict.isNested = true
            default: break
            }
        }
        guard result <= Self.maxDepth else {
            throw WeightIOError(.nestingTooDeep, file: file, "\(file) nests containers more than \(Self.maxDepth) deep",
                                help: "save a flatter structure (PyTorch's checkpoints nest a few levels)")
        }
        return result
    }

    /// Puts `items` into a list or dict that is not yet inside another container: pickles fill each
    /// container before using it, so only a self-referencing structure fills one later (refused, since
    /// its depth could no longer be bounded).
    private func nest(_ items: [Item], into container: AnyObject) throws {
        let height = try nestedHeight(items)
        if let list = container as? PickleList {
            guard !list.isNested || items.allSatisfy({ if case .list(let l) = $0.value { return l === list } else { return false } }) else { throw cyclic() }
            list.height = max(list.height, height)
        } else if let dict = container as? PickleDict {
            guard !dict.isNested else { throw cyclic() }
            dict.height = max(dict.height, height)
        }
    }

    private func cyclic() -> WeightIOError {
        WeightIOError(.invalidPickle, file: file, "\(file) fills a list or dict after putting it inside another one (a structure that contains itself), which lorarepl does not load",
                      help: "save the data without self-references")
    }

    private func list(_ what: String) throws -> PickleList {
        guard let target = stack.last?.value else { throw corrupt("\(what) without a list") }
        switch target {
        case .list(let list), .set(let list): return list
        default: throw refused("Can only \(what) to lists, but got \(target.typeName)")
        }
    }

    private func dict(_ what: String) throws -> PickleDict {
        guard case .dict(let target)? = stack.last?.value else {
            throw refused("Can only \(what) for dict, collections.OrderedDict, collections.Counter")
        }
        return target
    }

    private mutating func memoGet(_ index: Int) throws {
        guard let item = memo[index] else { throw corrupt("memo entry \(index) is read before it is written") }
        stack.append(item)
    }

    private mutating func memoPut(_ index: Int) throws {
        guard let top = stack.last else { throw corrupt("BINPUT with an empty stack") }
        memo[index] = top
    }

    // MARK: Bytes

    private mutating func byte() throws -> UInt8 {
        guard position < bytes.count else { throw truncated() }
        defer { position += 1 }
        return bytes[position]
    }

    private mutating func take(_ count: Int) throws -> UnsafeRawBufferPointer {
        guard count >= 0, count <= bytes.count - position else { throw truncated() }
        defer { position += count }
        return UnsafeRawBufferPointer(rebasing: bytes[position..<(position + count)])
    }

    /// A little-endian unsigned field of `count` bytes.
    private mutating func fixed(_ count: Int) throws -> UInt64 {
        var result: UInt64 = 0
        for (i, b) in try take(count).enumerated() { result |= UInt64(b) << (8 * UInt64(i)) }
        return result
    }

    /// `count` bytes as they are in the file, read as a native integer (for big-endian doubles).
    private mutating func fixedRaw(_ count: Int) throws -> UInt64 {
        try take(count).loadUnaligned(as: UInt64.self)
    }

    private mutating func line() throws -> String {
        var end = position
        while end < bytes.count, bytes[end] != 0x0a { end += 1 }
        guard end < bytes.count else { throw truncated() }
        defer { position = end + 1 }
        return String(decoding: bytes[position..<end], as: UTF8.self)
    }

    /// LONG1's two's-complement little-endian integer; beyond 64 bits is an error.
    private func long(_ data: [UInt8]) throws -> Int {
        guard !data.isEmpty else { return 0 }
        guard data.count <= 8 else {
            let negative = data[data.count - 1] & 0x80 != 0
            guard data[8...].allSatisfy({ $0 == (negative ? 0xFF : 0) }) else {
                throw WeightIOError(.valueOutOfRange, file: file, "\(file) holds an integer wider than 64 bits", help: "store it as a float or a string")
            }
            return try long(Array(data[..<8]))
        }
        var result: UInt64 = data[data.count - 1] & 0x80 != 0 ? UInt64.max : 0
        for (i, b) in data.enumerated() {
            result &= ~(UInt64(0xFF) << (8 * UInt64(i)))
            result |= UInt64(b) << (8 * UInt64(i))
        }
        return Int(Int64(bitPattern: result))
    }

    // MARK: Errors

    private func corrupt(_ detail: String) -> WeightIOError {
        WeightIOError(.invalidPickle, file: file, "\(file) is damaged: its data.pkl is not a valid checkpoint pickle (\(detail))",
                      help: "save or download the file again")
    }

    private func truncated() -> WeightIOError {
        WeightIOError(.invalidPickle, file: file, "\(file) is damaged: its data.pkl ends in the middle of a value", help: "save or download the file again")
    }

    private func refused(_ message: String, help: String? = nil) -> WeightIOError {
        WeightIOError(.unsupportedGlobal, file: file, "Weights only load failed: \(message)",
                      help: help ?? "lorarepl loads only what torch.load(weights_only=True) loads: tensors, dicts, lists, tuples, numbers, strings")
    }
}
