import Foundation
import TestSupport
import XCTest

/// History, auto-indent and Ctrl-C at the prompt, driven through a pseudo-terminal the test makes
/// itself (so it runs in CI without a TTY).
extension REPLTests {
    func testUpRecallsAWholeMultiLineCell() throws {
        let pty = try startREPL()
        try requireInterpreter(pty)
        pty.send("def triple(x):\r")
        pty.expect("   ...: ")
        pty.send("return x * 3\r")   // auto-indented
        pty.expect("   ...: ")
        pty.send("\r")
        pty.expect("In [3]: ")
        pty.send("triple = None\r")
        pty.expect("In [4]: ")
        pty.send("\u{1B}[A")
        pty.expect("triple = None")
        pty.send("\u{1B}[A")         // the whole def comes back, body included
        pty.expect("return x * 3")
        pty.send("\r")               // a recalled cell runs on Enter
        pty.expect("In [5]: ")
        pty.send("triple(5)\r")
        pty.expect("Out[5]: 15")
        pty.expect("In [6]: ")
        pty.send("\u{04}")
        XCTAssertEqual(pty.waitForExit(), 0)

        // The cell is one history entry in the next session too.
        let second = try startREPL()
        second.send("\u{1B}[A")
        second.expect("triple(5)")
        second.send("\u{1B}[A")
        second.expect("return x * 3")
        second.send("\r")
        second.expect("In [2]: ")
        second.send("triple(2)\r")
        second.expect("Out[2]: 6")
    }

    func testContinuationLinesAreAutoIndented() throws {
        let pty = try startREPL()
        try requireInterpreter(pty)
        pty.send("def sign(x):\r")
        pty.expect("   ...:     ")
        pty.send("if x < 0:\r")
        pty.expect("   ...:         ")
        pty.send("return -1\r")
        pty.expect("   ...:         ")
        pty.send("\u{7F}\u{7F}\u{7F}\u{7F}return 1\r")   // Backspace ×4: back to the function's level
        pty.send("\r")                                    // a whitespace-only line ends the block
        pty.expect("In [3]: ")
        pty.send("sign(-5), sign(5)\r")
        pty.expect("Out[3]: (-1, 1)")
        // Typed (or pasted) indentation replaces the automatic one.
        pty.send("for i in range(2):\r")
        pty.send("    print('row', i)\r")
        pty.send("\r")
        pty.expect("row 1")
        pty.expect("In [5]: ")
    }

    func testCtrlCOnAnEmptyPromptRedrawsOneCleanPrompt() throws {
        let pty = try PseudoTerminal(executable: try LoraReplBinary.url(), arguments: [], environment: environment)
        // Sent as soon as the banner is out, before the line editor has the terminal: outside a running
        // cell Ctrl-C is a key (the terminal does not turn it into SIGINT), so the editor reads it once
        // it starts and it still means "discard the line".
        pty.expect("Ctrl-D to quit.")
        pty.send("\u{03}")
        pty.expect("^C")
        pty.expect("In [1]: ")
        pty.send("\u{03}")
        pty.expect("^C")
        pty.expect("In [1]: ")
        pty.send("%seed\r")
        pty.expect("seed 42")
        XCTAssertFalse(pty.transcript.contains("In [1]: In [1]:"), pty.transcript)
        XCTAssertEqual(pty.transcript.components(separatedBy: "^C").count - 1, 2, pty.transcript)
        let afterFirst = pty.transcript.components(separatedBy: "^C")[1]
        XCTAssertTrue(afterFirst.hasPrefix("\r\n") || afterFirst.hasPrefix("\n"), "one new line, then the prompt: \(afterFirst.debugDescription)")
    }

    func testHistoryIsKeptPerProjectFolder() throws {
        let projectA = home.appendingPathComponent("project-a"), projectB = home.appendingPathComponent("project-b")
        try FileManager.default.createDirectory(at: projectA, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: projectB, withIntermediateDirectories: true)
        func session(in folder: URL, _ body: (PseudoTerminal) throws -> Void) throws {
            let previous = FileManager.default.currentDirectoryPath
            FileManager.default.changeCurrentDirectoryPath(folder.path)  // the child starts in the project folder
            let pty: PseudoTerminal
            do {
                pty = try PseudoTerminal(executable: try LoraReplBinary.url(), environment: environment)
                FileManager.default.changeCurrentDirectoryPath(previous)
            } catch {
                FileManager.default.changeCurrentDirectoryPath(previous)
                throw error
            }
            pty.expect("In [1]: ")
            try body(pty)
            pty.send("\u{04}")
            XCTAssertEqual(pty.waitForExit(), 0)
        }
        try session(in: projectA) { pty in pty.send("only_in_a = 1\r"); pty.expect("In [2]: ") }
        try session(in: projectB) { pty in pty.send("only_in_b = 2\r"); pty.expect("In [2]: ") }
        try session(in: projectA) { pty in
            pty.send("\u{1B}[A")
            let seen = pty.expect("only_in_a = 1") ?? ""
            XCTAssertFalse(seen.contains("only_in_b"), seen)
            pty.send("\u{15}")
        }
        let folders = try FileManager.default.contentsOfDirectory(atPath: home.appendingPathComponent("history.d").path)
        XCTAssertEqual(folders.filter { $0.hasPrefix("project-a-") || $0.hasPrefix("project-b-") }.count, 2, "\(folders)")
    }

    func testCompletesImportsAndDataFiles() throws {
        try FileManager.default.createDirectory(at: home.appendingPathComponent("data"), withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: home.appendingPathComponent("data/my_corpus.csv").path, contents: Data("a\n".utf8))
        let pty = try startREPL()
        try requireInterpreter(pty)
        pty.send("from transformers import AutoTok\t")
        pty.expect("enizer")
        pty.send("\r")
        pty.expect("In [3]: ")
        pty.send("name = \"my_cor\t")
        pty.expect("pus.csv")
    }

    func testMemoryInHumanUnitsAndInterruptSaidOnce() throws {
        let pty = try startREPL()
        try requireInterpreter(pty)
        pty.send("%mem\r")
        let memory = pty.expect("virtual ") ?? ""
        pty.expect("\n")
        XCTAssertTrue(memory.contains("MiB") || memory.contains("GiB"), memory)
        XCTAssertFalse(pty.transcript.contains(" kB"), pty.transcript)
        pty.send("while True:\r")
        pty.send("    pass\r")
        pty.send("\r")
        usleep(300_000)
        pty.send("\u{03}")
        pty.expect("KeyboardInterrupt")
        pty.expect("In [3]: ")
        XCTAssertEqual(pty.transcript.components(separatedBy: "variables are kept").count - 1, 1, pty.transcript)
    }
}

final class CommandSuggestionTests: XCTestCase {
    func testMistypedCommandSuggestsTheClosest() throws {
        let result = try runLoraRepl(["tset", "nb.lnb"])
        XCTAssertEqual(result.code, 2)
        XCTAssertTrue(result.stderr.contains("error: unknown command 'tset' (did you mean 'test'?)"), result.stderr)
        let far = try runLoraRepl(["frobnicate"])
        XCTAssertEqual(far.code, 2)
        XCTAssertTrue(far.stderr.contains("unknown command 'frobnicate'"), far.stderr)
        XCTAssertTrue(far.stderr.contains("the commands are run, test, check, export"), far.stderr)
    }
}
