/// The `bytes` and `bytearray` types (constructors, `fromhex`, methods), `str.encode`, and the `_io`
/// module that gives `io` its `BytesIO`.
enum BytesBuiltins {
    static func install(into interpreter: Interpreter) {
        for mutable in [false, true] {
            let name = mutable ? "bytearray" : "bytes"
            let type = interpreter.hostType(named: name)
            var constructor = Builtin(name, [Parameter("source", default: Value.none), Parameter("encoding", .optional(.str), default: Value.none),
                                             Parameter("errors", .optional(.str), default: Value.none)],
                                      doc: mutable ? "A mutable sequence of bytes: from a size, ints 0-255, bytes, or a str with its encoding."
                                          : "An immutable sequence of bytes: from a size, ints 0-255, or a str with its encoding.",
                                      example: mutable ? "bytearray(b'ab')  # bytearray(b'ab')" : "bytes([104, 105])  # b'hi'") { args in
                let source = args["source"]
                let bytes = source.isNone && !args.isPassed("encoding") ? [] :
                    try BytesObject.make(source.isNone ? .str("") : source, encoding: try args.optionalString("encoding"),
                                         errors: try args.optionalString("errors"), mutable: mutable, context: args.context)
                if !mutable, case .host(let b as BytesObject) = source, !b.isMutable { return source }
                return .host(BytesObject(bytes, mutable: mutable))
            }
            let fromhex = BytesMethods.fromHexMethod(mutable: mutable)
            constructor.classMethods = { [fromhex] }
            type.constructor = constructor
            interpreter.registerGlobal(name, .type(type))
            interpreter.registerMethods(BytesMethods.table + (mutable ? BytesMethods.mutableTable : []), forType: name)
        }
        interpreter.registerMethods([encode], forType: "str")
        let bytesIO = interpreter.hostType(named: "BytesIO")
        bytesIO.constructor = Builtin("BytesIO", owner: "io", [Parameter("initial_bytes", default: Value.none)],
                                      doc: "A buffer of bytes in memory with the methods of a binary file (write, read, seek, getvalue).",
                                      example: "buffer = io.BytesIO(); buffer.write(b'abc'); buffer.getvalue()") { args in
            let initial = args["initial_bytes"]
            guard initial.isNone || initial.bytesContents != nil else {
                throw ScriptError(.typeError, "a bytes-like object is required, not '\(initial.typeName)'")
            }
            return .host(ByteStream(memory: initial.bytesContents ?? []))
        }
        interpreter.register(ModuleTable(name: "_io", doc: "The built-in parts of io (BytesIO).", builtins: [], constants: [("BytesIO", .type(bytesIO))]))
    }

    static let encode = Builtin("encode", owner: "str", [Parameter("encoding", .str, default: .str("utf-8")), Parameter("errors", .str, default: .str("strict"))],
                                doc: "The bytes of the text in an encoding (utf-8 by default; errors='strict', 'ignore', 'replace').",
                                example: "'café'.encode()  # b'caf\\xc3\\xa9'") { args in
        guard case .str(let text)? = args.receiver else { return .none }
        return .bytes(try Codecs.encode(text, encoding: try args.string("encoding"), errors: try args.string("errors")))
    }
}
