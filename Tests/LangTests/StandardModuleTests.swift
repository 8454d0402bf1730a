import Foundation
import Lang
import TestSupport
import XCTest

/// What the golden scripts cannot show: warnings' stderr layout and once-per-place rule, the sandbox
/// refusing writes, a runaway regex stopping with a clear error, and sys.exit's status.
final class StandardModuleTests: XCTestCase {
    func run(_ source: String, sandbox: URL? = nil) -> (text: String, result: RunResult) {
        let buffer = CaptureBuffer()
        let interpreter = Interpreter(output: buffer, files: FileGate(sandbox: sandbox))
        let result = interpreter.run(source, origin: "t.py")
        return (buffer.text, result)
    }

    /// CPython: `t.py:3: UserWarning: careful` then the source line; a warning in a loop shows once;
    /// DeprecationWarning shows from __main__; FutureWarning always shows.
    func testWarningsLayoutAndOncePerPlace() {
        let (text, result) = run("""
            import warnings
            for i in range(3):
                warnings.warn("careful")
            warnings.warn("old api", DeprecationWarning)
            warnings.warn("changes", FutureWarning, stacklevel=2)
            """)
        XCTAssertTrue(result.succeeded, result.error.map(DiagnosticRenderer.render) ?? "")
        XCTAssertEqual(text, """
            t.py:3: UserWarning: careful
              warnings.warn("careful")
            t.py:4: DeprecationWarning: old api
              warnings.warn("old api", DeprecationWarning)
            t.py:5: FutureWarning: changes
              warnings.warn("changes", FutureWarning, stacklevel=2)

            """)
    }

    func testSandboxRefusesWritesOutsideAndAllowsInside() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lorarepl-std-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let (text, result) = run("""
            import os, shutil
            from pathlib import Path
            with open("a.txt", "w") as f:
                f.write("inside\\n")
            print(open("a.txt").read(), end="")
            for attempt in [lambda: open("/tmp/outside-lorarepl.txt", "w"), lambda: os.makedirs("../escape"),
                            lambda: shutil.rmtree("/tmp"), lambda: Path("/etc/x").write_text("x"), lambda: os.remove("../a")]:
                try:
                    attempt()
                except PermissionError as e:
                    print("PermissionError")
            print(sorted(os.listdir(".")))
            """, sandbox: folder)
        XCTAssertTrue(result.succeeded, result.error.map(DiagnosticRenderer.render) ?? "")
        XCTAssertEqual(text, "inside\n" + String(repeating: "PermissionError\n", count: 5) + "['a.txt']\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/tmp/outside-lorarepl.txt"))
        // Atomic writes leave no temporary files behind.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["a.txt"])
    }

    func testRunawayRegexStopsWithAClearError() {
        let (_, result) = run("import re\nre.match(r'(a+)+$', 'a' * 40 + 'b')")
        XCTAssertEqual(result.error?.kind, "RuntimeError")
        XCTAssertTrue(result.error?.message.contains("catastrophic backtracking") ?? false, result.error?.message ?? "")
        let (text, caught) = run("""
            import re
            try:
                re.compile("(?P<x>a)(?P<x>b)")
            except re.error as e:
                print(e)
            print(re.sub(r"(a)(?=b)", r"\\1!", "abac"), re.findall(r"(?<=#)\\w+", "#a #bc d"))
            """)
        XCTAssertTrue(caught.succeeded)
        XCTAssertEqual(text, "redefinition of group name 'x' as group 2; was group 1 at position 12\na!bac ['a', 'bc']\n")
    }

    func testSysExitGivesTheStatus() {
        for (source, code, message) in [("import sys\nsys.exit()", Int32(0), String?.none), ("import sys\nsys.exit(3)", 3, nil),
                                        ("import sys\nsys.exit('bad input')", 1, "bad input"), ("exit(4)", 4, nil)] {
            let (_, result) = run(source)
            guard let error = result.error, let status = SysModule.exitStatus(error) else { return XCTFail("no SystemExit for \(source)") }
            XCTAssertEqual(status.code, code, source)
            XCTAssertEqual(status.message, message, source)
        }
        let (text, result) = run("import sys\ntry:\n    sys.exit(2)\nexcept Exception:\n    print('caught')\nexcept SystemExit as e:\n    print('exit', e.code)")
        XCTAssertTrue(result.succeeded)
        XCTAssertEqual(text, "exit 2\n")
    }

    /// `resource.getrusage(resource.RUSAGE_SELF)`: CPython's struct_rusage fields; ru_maxrss (KiB on Linux)
    /// is the process's peak, so it covers a buffer the script just filled and never goes down.
    func testResourceGetrusageReportsPeakMemory() {
        let (text, result) = run("""
            import resource
            before = resource.getrusage(resource.RUSAGE_SELF)
            block = [0.5] * 4_000_000
            after = resource.getrusage(resource.RUSAGE_SELF)
            print(type(before.ru_maxrss).__name__, type(before.ru_utime).__name__, len(after), after[2] == after.ru_maxrss)
            print(before.ru_maxrss > 1024, after.ru_maxrss >= before.ru_maxrss, after.ru_utime + after.ru_stime > 0)
            print(resource.getpagesize() >= 4096)
            try:
                resource.getrusage(7)
            except ValueError as e:
                print("ValueError:", e)
            """)
        XCTAssertTrue(result.succeeded, result.error.map(DiagnosticRenderer.render) ?? "")
        XCTAssertEqual(text, "int float 16 True\nTrue True True\nTrue\nValueError: invalid who parameter\n")
    }
}
