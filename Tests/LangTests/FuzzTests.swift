import Foundation
import Lang
import TestSupport
import XCTest

/// Thousands of random and mutated sources: the lexer, parser and interpreter must never crash or
/// hang, and every failure must come back as a diagnostic that renders.
final class FuzzTests: XCTestCase {
    struct Generator {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(max(1, n)))
        }
    }

    static let fragments = [
        "x", "y", "=", "+", "-", "*", "/", "//", "%", "**", "(", ")", "[", "]", "{", "}", ":", ",", ".", "\n", "    ",
        "if", "else", "elif", "for", "in", "while", "def", "return", "lambda", "try", "except", "finally", "with", "as",
        "import", "from", "1", "0", "2.5", "'s'", "f'{x}'", "\"\"\"", "None", "True", "not", "and", "or", "print", "len",
        "range", "[1, 2]", "{'a': 1}", "#", "\\", "\t", "@", "class", "yield", ":=", "'", "\"", "{x:>5}", "*args", "**kw",
    ]

    func testRandomAndMutatedSources() throws {
        var generator = Generator(state: 12345)
        let root = GoldenScriptTests.scriptsRoot
        let seeds = (FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? [])
            .filter { $0.hasSuffix(".lora") }.compactMap { try? String(contentsOf: root.appendingPathComponent($0), encoding: .utf8) }
        var limits = Limits()
        limits.timeLimit = 0.02
        limits.maxOutputBytes = 4096
        limits.maxContainerLength = 100_000
        limits.maxStringLength = 1_000_000
        var cases = 0
        var slow: [String] = []
        let start = Date()
        let sandbox = FileManager.default.temporaryDirectory.appendingPathComponent("lorarepl-fuzz-\(getpid())")
        try? FileManager.default.createDirectory(at: sandbox, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: sandbox) }
        for i in 0..<3000 {
            var source: String
            if i % 2 == 0 || seeds.isEmpty {
                source = (0..<generator.next(40)).map { _ in Self.fragments[generator.next(Self.fragments.count)] }.joined(separator: " ")
            } else {
                var scalars = Array(seeds[generator.next(seeds.count)].unicodeScalars)
                for _ in 0..<(1 + generator.next(4)) where !scalars.isEmpty {
                    let at = generator.next(scalars.count)
                    switch generator.next(3) {
                    case 0: scalars.remove(at: at)
                    case 1: scalars.insert(contentsOf: Self.fragments[generator.next(Self.fragments.count)].unicodeScalars, at: at)
                    default: scalars.swapAt(at, generator.next(scalars.count))
                    }
                }
                source = String(String.UnicodeScalarView(scalars))
            }
            // Scripts can write files since issue 13: mutated ones stay inside a scratch sandbox.
            let interpreter = Interpreter(output: CaptureBuffer(), files: FileGate(sandbox: sandbox), limits: limits)
            let caseStart = Date()
            let result = interpreter.run(source, origin: "fuzz \(i)")
            if Date().timeIntervalSince(caseStart) > 1 { slow.append(source) }
            for diagnostic in result.diagnostics {
                XCTAssertFalse(DiagnosticRenderer.render(diagnostic).isEmpty)
            }
            cases += 1
        }
        XCTAssertEqual(cases, 3000)
        XCTAssert(slow.isEmpty, "cases slower than 1 s:\n" + slow.prefix(3).joined(separator: "\n-----\n"))
        XCTAssertLessThan(Date().timeIntervalSince(start), 240, "fuzzing took too long")
        // Deep nesting is refused with a diagnostic, not a stack overflow.
        let deep = String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)
        XCTAssertEqual(Interpreter(output: CaptureBuffer()).run(deep, origin: "deep").error?.kind, "SyntaxError")
    }
}
