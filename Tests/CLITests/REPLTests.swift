import Foundation
import TestSupport
import XCTest

/// The REPL driven through a pseudo-terminal. These need the real interpreter (Lang merged):
/// each test first checks that `1 + 1` gives `Out[1]: 2` and skips loudly otherwise.
final class REPLTests: XCTestCase {
    var home: URL!

    override func setUpWithError() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("lorarepl-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: home)
    }

    var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["LORAREPL_HOME"] = home.path
        env["TERM"] = "xterm"
        env["HOME"] = home.path
        return env
    }

    /// Starts the REPL and makes sure an interpreter answers.
    func startREPL(arguments: [String] = []) throws -> PseudoTerminal {
        let pty = try PseudoTerminal(executable: try LoraReplBinary.url(), arguments: arguments, environment: environment)
        pty.expect("In [1]: ")
        return pty
    }

    func requireInterpreter(_ pty: PseudoTerminal) throws {
        pty.send("1 + 1\r")
        guard let seen = pty.expect("In [2]: ") else { throw XCTSkip("REPL did not answer") }
        if seen.contains("no interpreter yet") {
            FileHandle.standardError.write(Data("SKIPPED: PENDING the Lang interpreter (not merged into this build)\n".utf8))
            throw XCTSkip("PENDING: Lang interpreter not merged")
        }
        XCTAssertTrue(seen.contains("Out[1]: 2"), seen)
    }

    func testMultiLineInputContinuesUntilBlankLineAndEchoesValues() throws {
        let pty = try startREPL()
        try requireInterpreter(pty)
        pty.send("def double(x):\r")
        pty.expect("   ...: ")
        pty.send("    return x * 2\r")
        pty.expect("   ...: ")
        pty.send("\r")
        pty.expect("In [3]: ")
        pty.send("double(\r")
        pty.expect("   ...: ")
        pty.send("21)\r")
        pty.expect("Out[3]: 42")
        pty.send("_ + 1\r")
        pty.expect("Out[4]: 43")
        pty.expect("In [5]: ")  // keys are typed at the prompt, as a person would (libedit is in raw mode then)
        pty.send("\u{04}")
        XCTAssertEqual(pty.waitForExit(), 0)
    }

    func testErrorsKeepState() throws {
        let pty = try startREPL()
        try requireInterpreter(pty)
        pty.send("kept = 5\r")
        pty.expect("In [3]: ")
        pty.send("kept / 0\r")
        pty.expect("ZeroDivisionError")
        pty.expect("In [4]: ")
        pty.send("kept\r")
        pty.expect("Out[4]: 5")
    }

    func testTabCompletesNamesAndMagics() throws {
        let pty = try startREPL()
        try requireInterpreter(pty)
        pty.send("learning_rate_value = 0.5\r")
        pty.expect("In [3]: ")
        pty.send("learning_ra\t")
        pty.expect("te_value")
        pty.send("\r")
        pty.expect("Out[3]: 0.5")
        pty.send("%wh\t")
        pty.expect("o")
        pty.send("\r")
        pty.expect("learning_rate_value")
    }

    func testTabCompletesPathsInsideStrings() throws {
        _ = FileManager.default.createFile(atPath: home.appendingPathComponent("train_data.csv").path, contents: Data("a\n".utf8))
        let pty = try startREPL()
        try requireInterpreter(pty)
        pty.send("p = \"\(home.path)/train_d\t")
        pty.expect("ata.csv")
    }

    func testHistoryPersistsAcrossSessions() throws {
        let first = try startREPL()
        try requireInterpreter(first)
        first.send("remembered_value = 7\r")
        first.expect("In [3]: ")
        first.send("\u{04}")
        XCTAssertEqual(first.waitForExit(), 0)
        let history = try String(contentsOf: home.appendingPathComponent("history"), encoding: .utf8)
        XCTAssertTrue(history.contains("remembered_value"), history)

        let second = try startREPL()
        second.send("\u{1B}[A")  // up arrow recalls the last line
        second.expect("remembered_value = 7")
        second.send("\r")
        second.expect("In [2]: ")
        second.send("remembered_value\r")
        second.expect("Out[2]: 7")
    }

    func testSaveThenTestInAFreshProcess() throws {
        let pty = try startREPL()
        try requireInterpreter(pty)
        pty.send("names = ['a', 'b']\r")
        pty.expect("In [3]: ")
        pty.send("for n in names:\r")
        pty.expect("...: ")
        pty.send("    print(n.upper())\r")
        pty.send("\r")
        pty.expect("In [4]: ")
        pty.send("names[5]\r")
        pty.expect("IndexError")
        pty.expect("In [5]: ")
        pty.send("len(names)\r")
        pty.expect("Out[5]: 2")
        let saved = home.appendingPathComponent("session.lnb")
        pty.send("%save \(saved.path)\r")
        pty.expect("saved 5 cells")
        pty.expect("In [6]: ")
        pty.send("\u{04}")
        XCTAssertEqual(pty.waitForExit(), 0)

        let text = try String(contentsOf: saved, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("<!-- lnb v1 seed=42 -->\n"), text)
        XCTAssertTrue(text.contains("```lora expect=error\nnames[5]\n```"), text)
        let result = try runLoraRepl(["test", saved.path], environment: environment)
        XCTAssertEqual(result.code, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("PASS"), result.stdout)
        let check = try runLoraRepl(["check", saved.path], environment: environment)
        XCTAssertEqual(check.code, 0, check.stdout + check.stderr)
    }

    func testCtrlCInterruptsALongCellAndThePromptStillWorks() throws {
        let pty = try startREPL()
        try requireInterpreter(pty)
        pty.send("survivor = 11\r")
        pty.expect("In [3]: ")
        pty.send("started = False\r")
        pty.expect("In [4]: ")
        pty.send("while True:\r")
        pty.send("    if not started:\r")
        pty.send("        print('spin' + 'ning')\r")
        pty.send("        started = True\r")
        pty.send("\r")
        pty.expect("spinning")  // streamed while the cell runs: the terminal is in cooked mode now
        usleep(100_000)
        pty.send("\u{03}")
        pty.expect("KeyboardInterrupt")
        pty.expect("In [5]: ")
        pty.send("survivor + 1\r")
        pty.expect("Out[5]: 12")
    }

    func testCtrlCAtThePromptClearsTheLine() throws {
        let pty = try startREPL()
        pty.send("half typed")
        pty.send("\u{03}")
        pty.expect("^C")
        pty.expect("In [1]: ")
        pty.send("%seed\r")
        pty.expect("seed 42")
        pty.expect("In [1]: ")
        pty.send("\u{04}")
        XCTAssertEqual(pty.waitForExit(), 0)
    }

    func testWalkthroughStepsWithEnter() throws {
        let notebook = home.appendingPathComponent("walk.lnb")
        try "<!-- lnb v1 seed=42 -->\n# Walk\n\n```lora id=first\nx = 20\nx + 1\n```\n\n```output of=first\n21\n```\n\n```lora id=second\nx * 2\n```\n".write(to: notebook, atomically: true, encoding: .utf8)
        let pty = try startREPL()
        try requireInterpreter(pty)
        pty.send("%load \(notebook.path)\r")
        pty.expect("cell first")
        pty.send("\r")
        pty.expect("Out[2]: 21")
        pty.expect("✓ matches the recorded output")
        pty.expect("cell second")
        pty.send("\r")
        pty.expect("Out[3]: 40")
        pty.expect("End of")
    }
}

extension REPLTests {
    func testKeywordCompletionAndHelp() throws {
        let pty = try startREPL()
        try requireInterpreter(pty)
        pty.send("sorted([3, 1, 2], ke\t")
        pty.expect("y=")
        pty.send("None, reverse=True)\r")
        pty.expect("Out[2]: [3, 2, 1]")
        pty.send("?len\r")
        pty.expect("len(")
        pty.expect("In [3]: ")
        pty.send("len?\r")
        pty.expect("len(")
    }

    func testMagics() throws {
        let pty = try startREPL()
        try requireInterpreter(pty)
        pty.send("alpha = 16\r")
        pty.expect("In [3]: ")
        pty.send("%whos\r")
        pty.expect("alpha")
        pty.expect("int")
        pty.send("%history -n\r")
        pty.expect("2: alpha = 16")
        pty.send("%time total = alpha * 2\r")
        pty.expect("Wall time:")
        pty.send("%restart\r")
        pty.expect("rerunning 3 cells")
        pty.expect("In [4]: ")
        pty.send("total\r")
        pty.expect("Out[4]: 32")
        pty.send("%reset\r")
        pty.expect("session reset")
        pty.send("%who\r")
        pty.expect("no variables yet")
        pty.send("%nosuch\r")
        pty.expect("unknown magic %nosuch")
        pty.send("%mem\r")
        pty.expect("resident")
    }
}

extension REPLTests {
    func testCtrlCInsideAnUnfinishedCellDiscardsIt() throws {
        let pty = try startREPL()
        try requireInterpreter(pty)
        pty.send("values = [1,\r")
        pty.expect("   ...: ")
        pty.send("\u{03}")
        pty.expect("In [2]: ")
        pty.send("values\r")
        pty.expect("NameError: name 'values' is not defined")
    }
}

extension REPLTests {
    func testStartingWithANotebookStepsThroughIt() throws {
        let notebook = home.appendingPathComponent("steps.lnb")
        try "<!-- lnb v1 seed=42 -->\n```lora id=one\nprint('first')\n```\n\n```output of=one\nfirst\n```\n".write(to: notebook, atomically: true, encoding: .utf8)
        let pty = try PseudoTerminal(executable: try LoraReplBinary.url(), arguments: [notebook.path], environment: environment)
        pty.expect("Loaded")
        pty.expect("cell one")
        pty.expect("In [1]: ")
        pty.send("%lo\t")
        pty.expect("ad")
        pty.send("\u{15}")  // Ctrl-U clears the line
        pty.send("\r")
        if let seen = pty.expect("End of"), seen.contains("no interpreter yet") { throw XCTSkip("PENDING: Lang interpreter") }
        pty.expect("In [2]: ")
    }
}

extension REPLTests {
    func testNonASCIIInput() throws {
        let pty = try startREPL()
        try requireInterpreter(pty)
        pty.send("word = 'héllo ΔW'\r")
        pty.expect("In [3]: ")
        pty.send("len(word), word\r")
        pty.expect("Out[3]: (8, 'héllo ΔW')")
    }
}
