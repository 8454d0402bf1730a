import Foundation

/// Writes a `PickleValue` as `torch.save` pickles it (protocol 2, the opcodes PyTorch's weights-only
/// loader reads): tensors as `torch._utils._rebuild_tensor_v2` over persistent storage ids, parameters
/// through `_rebuild_parameter`, lists/dicts memoized so shared (and self-containing) containers stay
/// shared, and storages numbered in first-use order (`data/0`, `data/1`, …). The value's depth is
/// bounded by whoever built it (the script converter stops at a fixed depth).
struct PickleWriter {
    private(set) var output = Data([0x80, 0x02])
    /// Storages in key order.
    private(set) var storages: [TorchStorage] = []
    private var storageKeys: [ObjectIdentifier: Int] = [:]
    private var memo: [ObjectIdentifier: Int] = [:]
    private var globals: [String: Int] = [:]
    private var nextMemo = 0
    /// Tensors the value references more than once: memoized so they load as one object.
    private var repeatedTensors = Set<ObjectIdentifier>()

    mutating func finish(_ value: PickleValue) throws -> Data {
        var seen = Set<ObjectIdentifier>(), visited = Set<ObjectIdentifier>()
        Self.findRepeatedTensors(value, seen: &seen, repeated: &repeatedTensors, visited: &visited)
        try write(value)
        output.append(0x2e)
        return output
    }

    mutating func write(_ value: PickleValue) throws {
        switch value {
        case .none: output.append(0x4e)
        case .bool(let flag): output.append(flag ? 0x88 : 0x89)
        case .int(let n): writeInt(n)
        case .float(let x):
            output.append(0x47)
            withUnsafeBytes(of: x.bitPattern.bigEndian) { output.append(contentsOf: $0) }
        case .string(let text): writeString(text)
        case .bytes(let data):
            writeGlobal("_codecs", "encode")
            writeString(String(data.map { Character(Unicode.Scalar($0)) }))
            writeString("latin1")
            output.append(contentsOf: [0x86, 0x52])
        case .tuple(let items): try writeTuple(items)
        case .list(let list):
            if memoGet(list) { return }
            output.append(0x5d)
            memoPut(list)
            try writeMarked(list.items, end: 0x65)
        case .set(let list):
            if memoGet(list) { return }
            writeGlobal("__builtin__", "set")
            output.append(0x5d)
            try writeMarked(list.items, end: 0x65)
            output.append(contentsOf: [0x85, 0x52])
            memoPut(list)
        case .dict(let dict):
            if memoGet(dict) { return }
            if dict.isOrdered { writeGlobal("collections", "OrderedDict"); output.append(contentsOf: [0x29, 0x52]) } else { output.append(0x7d) }
            memoPut(dict)
            try writeMarked(dict.pairs.flatMap { [$0.key, $0.value] }, end: 0x75)
        case .tensor(let tensor):
            if memoGet(tensor.identity) { return }
            try writeTensor(tensor)
            if repeatedTensors.contains(ObjectIdentifier(tensor.identity)) { memoPut(tensor.identity) }
        case .device(let text):
            writeGlobal("torch", "device")
            writeString(text)
            output.append(contentsOf: [0x85, 0x52])
        case .size(let sizes):
            writeGlobal("torch", "Size")
            try write(.tuple(sizes.map { .int($0) }))
            output.append(contentsOf: [0x85, 0x52])
        case .dtype(let name): writeGlobal("torch", name)
        case .storage(let storage): writeStorage(storage)
        case .global(let name):
            let parts = name.split(separator: ".")
            writeGlobal(parts.dropLast().joined(separator: "."), String(parts.last ?? ""))
        }
    }

    private mutating func writeTensor(_ tensor: TorchTensor) throws {
        if tensor.isParameter {
            writeGlobal("torch._utils", "_rebuild_parameter")
            output.append(0x28)
            var plain = tensor
            plain.isParameter = false
            plain.requiresGrad = false
            try writeTensor(plain)
            output.append(tensor.requiresGrad ? 0x88 : 0x89)
            writeEmptyOrderedDict()
            output.append(contentsOf: [0x74, 0x52])
            return
        }
        writeGlobal("torch._utils", "_rebuild_tensor_v2")
        output.append(0x28)
        writeStorage(tensor.storage)
        writeInt(tensor.offset)
        try writeTuple(tensor.shape.map { .int($0) })
        try writeTuple(tensor.strides.map { .int($0) })
        output.append(tensor.requiresGrad ? 0x88 : 0x89)
        writeEmptyOrderedDict()
        output.append(contentsOf: [0x74, 0x52])
    }

    /// The persistent id `("storage", torch.FloatStorage, "<key>", "cpu", numel)` and BINPERSID.
    private mutating func writeStorage(_ storage: TorchStorage) {
        let id = ObjectIdentifier(storage)
        let key: Int
        if let known = storageKeys[id] { key = known } else {
            key = storages.count
            storageKeys[id] = key
            storages.append(storage)
        }
        output.append(0x28)
        writeString("storage")
        writeGlobal("torch", storage.type.rawValue)
        writeString(String(key))
        writeString("cpu")
        writeInt(storage.count)
        output.append(contentsOf: [0x74, 0x51])
    }

    private mutating func writeEmptyOrderedDict() {
        writeGlobal("collections", "OrderedDict")
        output.append(contentsOf: [0x29, 0x52])
    }

    private mutating func writeTuple(_ items: [PickleValue]) throws {
        switch items.count {
        case 0: output.append(0x29)
        case 1...3:
            for item in items { try write(item) }
            output.append(0x84 + UInt8(items.count))
        default: try writeMarked(items, end: 0x74)
        }
    }

    /// MARK items END (APPENDS, SETITEMS or TUPLE); containers with no items write nothing.
    private mutating func writeMarked(_ items: [PickleValue], end: UInt8) throws {
        guard !items.isEmpty else { return }
        output.append(0x28)
        for item in items { try write(item) }
        output.append(end)
    }

    private mutating func writeInt(_ n: Int) {
        if n >= 0, n < 256 {
            output.append(contentsOf: [0x4b, UInt8(n)])
        } else if n >= 0, n < 65_536 {
            output.append(0x4d)
            output.appendLittleEndian(UInt16(n))
        } else if let small = Int32(exactly: n) {
            output.append(0x4a)
            output.appendLittleEndian(small)
        } else {
            // LONG1: the shortest two's-complement little-endian form.
            var bytes = withUnsafeBytes(of: Int64(n).littleEndian) { Array($0) }
            while bytes.count > 1, (bytes[bytes.count - 1] == 0 && bytes[bytes.count - 2] & 0x80 == 0)
                    || (bytes[bytes.count - 1] == 0xFF && bytes[bytes.count - 2] & 0x80 != 0) {
                bytes.removeLast()
            }
            output.append(contentsOf: [0x8a, UInt8(bytes.count)] + bytes)
        }
    }

    private mutating func writeString(_ text: String) {
        let utf8 = Array(text.utf8)
        output.append(0x58)
        output.appendLittleEndian(UInt32(truncatingIfNeeded: utf8.count))
        output.append(contentsOf: utf8)
    }

    private mutating func writeGlobal(_ module: String, _ name: String) {
        let full = module + "\n" + name + "\n"
        if let index = globals[full] { writeMemoGet(index); return }
        output.append(0x63)
        output.append(contentsOf: Array(full.utf8))
        globals[full] = nextMemo
        writeMemoPut()
    }

    // MARK: Memo

    /// The tensors met more than once in `value` (containers visited once: they may share or contain themselves).
    private static func findRepeatedTensors(_ value: PickleValue, seen: inout Set<ObjectIdentifier>, repeated: inout Set<ObjectIdentifier>,
                                            visited: inout Set<ObjectIdentifier>) {
        switch value {
        case .tensor(let tensor):
            if !seen.insert(ObjectIdentifier(tensor.identity)).inserted { repeated.insert(ObjectIdentifier(tensor.identity)) }
        case .tuple(let items):
            for item in items { findRepeatedTensors(item, seen: &seen, repeated: &repeated, visited: &visited) }
        case .list(let list), .set(let list):
            guard visited.insert(ObjectIdentifier(list)).inserted else { return }
            for item in list.items { findRepeatedTensors(item, seen: &seen, repeated: &repeated, visited: &visited) }
        case .dict(let dict):
            guard visited.insert(ObjectIdentifier(dict)).inserted else { return }
            for (key, item) in dict.pairs {
                findRepeatedTensors(key, seen: &seen, repeated: &repeated, visited: &visited)
                findRepeatedTensors(item, seen: &seen, repeated: &repeated, visited: &visited)
            }
        default: break
        }
    }

    private mutating func memoGet(_ object: AnyObject) -> Bool {
        guard let index = memo[ObjectIdentifier(object)] else { return false }
        writeMemoGet(index)
        return true
    }

    private mutating func memoPut(_ object: AnyObject) {
        memo[ObjectIdentifier(object)] = nextMemo
        writeMemoPut()
    }

    private mutating func writeMemoPut() {
        if nextMemo < 256 { output.append(contentsOf: [0x71, UInt8(nextMemo)]) } else {
            output.append(0x72)
            output.appendLittleEndian(UInt32(truncatingIfNeeded: nextMemo))
        }
        nextMemo += 1
    }

    private mutating func writeMemoGet(_ index: Int) {
        if index < 256 { output.append(contentsOf: [0x68, UInt8(index)]) } else {
            output.append(0x6a)
            output.appendLittleEndian(UInt32(truncatingIfNeeded: index))
        }
    }
}
