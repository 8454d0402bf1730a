// libFuzzer harness: lexer, parser and interpreter (module Lang, see scripts/fuzz.sh), with the
// language's own limits per input, set low so each input is cheap: 50 ms of run time, 64 KiB of output,
// 10k-item containers, strings of 64k characters, depth 100 (LORAREPL_FUZZ_TIME_LIMIT overrides the time, in
// seconds). Promise checked: any program ends with a value or a Python exception, never a trap, and prints
// no more than the output limit.
import Foundation

private final class CountingSink: OutputSink {
    var bytes = 0
    func write(_ text: String) { bytes += text.utf8.count }
}

private let fuzzLimits: Limits = {
    var limits = Limits()
    limits.timeLimit = ProcessInfo.processInfo.environment["LORAREPL_FUZZ_TIME_LIMIT"].flatMap(Double.init) ?? 0.05
    limits.maxOutputBytes = 64 << 10
    limits.maxContainerLength = 10_000
    limits.maxStringLength = 64 << 10
    limits.maxRecursionDepth = 100
    return limits
}()

private let sandbox = URL(fileURLWithPath: "/nonexistent-fuzz-sandbox")

@_cdecl("LLVMFuzzerTestOneInput")
public func langFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let source = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let sink = CountingSink()
    let interpreter = Interpreter(session: Session(output: sink, errors: sink, files: FileGate(sandbox: sandbox)), limits: fuzzLimits)
    let result = interpreter.run(source, origin: "<fuzz>")
    // A run may go past the limit by the one write that crossed it (that write raises MemoryError first).
    if sink.bytes > fuzzLimits.maxOutputBytes { fatalError("printed \(sink.bytes) bytes, more than the limit \(fuzzLimits.maxOutputBytes)") }
    for diagnostic in result.diagnostics where DiagnosticRenderer.render(diagnostic).isEmpty {
        fatalError("a \(diagnostic.kind) rendered as empty text")
    }
    return 0
}
