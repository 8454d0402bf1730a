// libFuzzer harness: lexer, parser and interpreter (module Lang, see scripts/fuzz.sh), with the
// language's own limits per input: 1 s of run time, 1 MiB of output, 100k-item containers, strings
// of 1M characters. Promise checked: any program ends with a value or a Python exception, never a trap.
import Foundation

private final class Discard: OutputSink {
    func write(_ text: String) {}
}

@_cdecl("LLVMFuzzerTestOneInput")
public func langFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let source = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    var limits = Limits()
    limits.timeLimit = 1
    limits.maxOutputBytes = 1 << 20
    limits.maxContainerLength = 100_000
    limits.maxStringLength = 1 << 20
    limits.maxRecursionDepth = 200
    let sink = Discard()
    let interpreter = Interpreter(session: Session(output: sink, errors: sink, files: FileGate(sandbox: URL(fileURLWithPath: "/nonexistent-fuzz-sandbox"))), limits: limits)
    _ = interpreter.run(source, origin: "<fuzz>")
    return 0
}
