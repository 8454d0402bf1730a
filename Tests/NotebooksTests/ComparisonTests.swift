import XCTest
@testable import Notebooks

final class ComparisonTests: XCTestCase {
    let sanitizer = Sanitizer.standard(home: "/home/ada", temporaryDirectory: "/tmp/")

    func testNormalisation() {
        XCTAssertEqual(OutputNormalizer.normalize("\u{1B}[1;32mgreen\u{1B}[0m  \r\nnext\t\n\n\n"), "green\nnext")
        XCTAssertEqual(OutputNormalizer.normalize("step 1\rstep 2\rstep 3 done\nend"), "step 3 done\nend")
        XCTAssertEqual(OutputNormalizer.normalize("50%\r100%\r\n"), "100%", "a trailing CR keeps the last frame")
        XCTAssertEqual(OutputNormalizer.normalize("\u{1B}]0;title\u{07}text"), "text")
    }

    func testSanitizers() {
        let cases: [(String, String)] = [
            ("done in 12.5s", "done in {{duration}}"),
            ("took 340 ms", "took {{duration}}"),
            ("elapsed 0:01:23", "elapsed {{duration}}"),
            ("1m 3.2s total", "{{duration}} total"),
            ("speed 1234.5 tok/s, 3.1 it/s", "speed {{rate}}, {{rate}}"),
            ("{'train_runtime': 12.34, 'train_samples_per_second': 9.8, 'epoch': 1.0}",
             "{'train_runtime': {{duration}}, 'train_samples_per_second': {{rate}}, 'epoch': 1.0}"),
            ("peak memory 1.5 GB (512 MiB free)", "peak memory {{bytes}} ({{bytes}} free)"),
            ("saved to /tmp/lorarepl-abc/adapter_model.safetensors", "saved to {{path}}"),
            ("model at /home/ada/.cache/lorarepl/models/x", "model at {{path}}"),
            ("at 2026-11-29T10:22:10Z", "at {{date}}"),
            ("<object at 0x7ffee3b2a9c0>", "<object at {{address}}>"),
            ("loss 0.6931 step 10 epoch 1.0", "loss 0.6931 step 10 epoch 1.0"),
            ("{'train_runtime': '12.34', 'train_samples_per_second': '9.8', 'train_loss': '0.7'}",
             "{'train_runtime': '{{duration}}', 'train_samples_per_second': '{{rate}}', 'train_loss': '0.7'}"),
            (" 12/240 [#-------]   5% | loss 0.6928 | lr 0.0003333 | 4.21 it/s | ETA 00:54",
             " 12/240 [#-------]   5% | loss 0.6928 | lr 0.0003333 | {{rate}} | ETA {{duration}}"),
            ("240/240 [########] 100% | loss 0.5 | lr 0 | 1.50 s/it | 01:23\nnext line 10:30",
             "240/240 [########] 100% | loss 0.5 | lr 0 | {{rate}} | {{duration}}\nnext line 10:30"),
            ("3 steps, 2 samples", "3 steps, 2 samples"),
        ]
        for (input, expected) in cases { XCTAssertEqual(sanitizer.sanitize(input), expected, input) }
        XCTAssertEqual(Sanitizer.none.sanitize("12.5s"), "12.5s")
        XCTAssertEqual(sanitizer.sanitize("1/9 | {{rate}} it/s | ETA {{duration}}"), "1/9 | {{rate}} | ETA {{duration}}",
                       "the engine's placeholder form and the regex form agree")
    }

    func testRecordingKeepsWhatWasMeasuredAndComparisonsIgnoreIt() {
        let cases: [(String, String)] = [
            ("done in 12.5s", "done in {{duration≈12.5s}}"),
            ("speed 1234.5 tok/s, 3.1 it/s", "speed {{rate≈1234.5 tok/s}}, {{rate≈3.1 it/s}}"),
            ("{'train_runtime': 12.34, 'train_samples_per_second': 9.8, 'epoch': 1.0}",
             "{'train_runtime': {{duration≈12.34 s}}, 'train_samples_per_second': {{rate≈9.8}}, 'epoch': 1.0}"),
            (" 12/240 [#-------]   5% | loss 0.6928 | lr 0.0003333 | 4.21 it/s | ETA 00:54",
             " 12/240 [#-------]   5% | loss 0.6928 | lr 0.0003333 | {{rate≈4.21 it/s}} | ETA {{duration≈00:54}}"),
            ("peak memory 1.5 GB", "peak memory {{bytes≈1.5 GB}}"),
            ("saved to /tmp/lorarepl-abc/x at 2026-11-29 <object at 0x7ffee3b2a9c0>", "saved to {{path}} at {{date}} <object at {{address}}>"),
            // The engine's recorded form is left as it is (no placeholder inside a placeholder).
            ("1/9 | {{rate≈4.21 it/s}} | ETA {{duration≈00:54}} | {{duration≈12.3 s}}", "1/9 | {{rate≈4.21 it/s}} | ETA {{duration≈00:54}} | {{duration≈12.3 s}}"),
        ]
        for (input, expected) in cases {
            let recorded = sanitizer.sanitizeForRecording(input)
            XCTAssertEqual(recorded, expected, input)
            XCTAssertEqual(sanitizer.sanitizeForRecording(recorded), recorded, "recording twice changes nothing: \(input)")
            XCTAssertEqual(sanitizer.sanitize(recorded), sanitizer.sanitize(input), "compared as the plain placeholders: \(input)")
        }
        let c = OutputComparator.compare(expected: "10/10 | {{rate≈2.00 it/s}} | {{duration≈00:05}}",
                                         actual: "10/10 | {{rate≈9.31 it/s}} | {{duration≈00:01}}", mode: .exact, sanitizer: .none)
        XCTAssertTrue(c.matches, "measured values never fail a comparison, even with sanitize=none")
        let old = OutputComparator.compare(expected: "10/10 | {{rate}} it/s | {{duration}}",
                                           actual: "10/10 | {{rate≈9.31 it/s}} | {{duration≈00:01}}", mode: .exact, sanitizer: sanitizer)
        XCTAssertTrue(old.matches, "notebooks recorded before measured values were kept still pass")
    }

    func testSanitizedValuesCompareEqual() {
        let c = OutputComparator.compare(expected: "done in {{duration}}", actual: "done in 3.2s", mode: .exact, sanitizer: sanitizer)
        XCTAssertTrue(c.matches)
    }

    func testWildcardLine() {
        let expected = "start\n...\nend"
        for actual in ["start\nend", "start\na\nb\nc\nend"] {
            XCTAssertTrue(OutputComparator.compare(expected: expected, actual: actual, mode: .exact, sanitizer: sanitizer).matches, actual)
        }
        XCTAssertFalse(OutputComparator.compare(expected: expected, actual: "start\na\nEND", mode: .exact, sanitizer: sanitizer).matches)
        XCTAssertTrue(OutputComparator.compare(expected: "...", actual: "anything\nat all", mode: .exact, sanitizer: sanitizer).matches)
        XCTAssertFalse(OutputComparator.compare(expected: "a ... b", actual: "a x b", mode: .exact, sanitizer: sanitizer).matches,
                       "only a line that is exactly ... is a wildcard")
    }

    func testNumbersTolerance() {
        func match(_ e: String, _ a: String, rtol: Double = 1e-4) -> Bool {
            OutputComparator.compare(expected: e, actual: a, mode: .numbers, relativeTolerance: rtol, sanitizer: .none).matches
        }
        XCTAssertTrue(match("loss 0.693147", "loss 0.693150"))   // 4e-6 relative
        XCTAssertFalse(match("loss 0.693147", "loss 0.694"))
        XCTAssertTrue(match("loss 0.69", "loss 0.6931"), "written to 2 decimals: matches to half a unit of the last digit")
        XCTAssertTrue(match("x 100", "x 100.005"))
        XCTAssertFalse(match("x 100", "x 101"))
        XCTAssertTrue(match("x 100", "x 101", rtol: 0.02))
        XCTAssertFalse(match("loss 0.5", "acc 0.5"), "the text around numbers must match")
        XCTAssertFalse(match("a 1 2", "a 1"), "same count of numbers")
        XCTAssertTrue(match("tensor([1e-05, -2.5])", "tensor([1.00001e-05, -2.5])"))
        XCTAssertFalse(match("v 1.0", "v 1.0\nextra"))
        XCTAssertFalse(OutputComparator.compare(expected: "loss 0.693147", actual: "loss 0.693150", mode: .exact, sanitizer: .none).matches)
    }

    func testLinesModeIgnoresOrder() {
        func lines(_ e: String, _ a: String) -> Comparison {
            OutputComparator.compare(expected: e, actual: a, mode: .lines, sanitizer: .none)
        }
        XCTAssertTrue(lines("a\nb\nc", "c\na\nb").matches)
        XCTAssertFalse(lines("a\nb", "a\nb\nb").matches, "counts matter")
        XCTAssertTrue(lines("a\n...", "z\na\ny").matches, "... allows extra lines")
        let miss = lines("a\nq", "a\nb")
        XCTAssertFalse(miss.matches)
        XCTAssertEqual(miss.note, "check=lines compares lines in any order; missing: 'q'; unexpected: 'b'")
    }

    func testUnifiedDiff() {
        XCTAssertEqual(UnifiedDiff.diff(["a", "b"], ["a", "b"]), "")
        XCTAssertEqual(UnifiedDiff.diff(["a", "b", "c"], ["a", "x", "c"]), "@@ -1,3 +1,3 @@\n a\n-b\n+x\n c")
        XCTAssertEqual(UnifiedDiff.diff([], ["new"]), "@@ -0,0 +1,1 @@\n+new")
        let long = (1...20).map(String.init)
        var changed = long; changed[9] = "X"
        XCTAssertEqual(UnifiedDiff.diff(long, changed), "@@ -7,7 +7,7 @@\n 7\n 8\n 9\n-10\n+X\n 11\n 12\n 13")
        // Large outputs stay fast and bounded.
        let big = (1...20_000).map { "line \($0)" }
        var bigChanged = big; bigChanged[10_000] = "changed"
        XCTAssertEqual(UnifiedDiff.diff(big, bigChanged), "@@ -9998,7 +9998,7 @@\n line 9998\n line 9999\n line 10000\n-line 10001\n+changed\n line 10002\n line 10003\n line 10004")
    }
}
