import Foundation
import TestSupport
import XCTest

/// A Colab-style session through a pseudo-terminal (issue 15): a `Trainer.train()` cell, an error cell, a
/// Ctrl-C'd loop and later cells; `%save`; then `lorarepl test` on the file and on a renamed copy pass.
final class SessionReplayTests: XCTestCase {
    var home: URL!

    override func setUpWithError() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("lorarepl-replay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: home) }

    var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["LORAREPL_HOME"] = home.path
        env["TERM"] = "xterm"
        env["HOME"] = home.path
        env["SWIFT_BACKTRACE"] = "enable=no"
        return env
    }

    func testSessionWithTrainingErrorAndInterruptReplaysFromSave() throws {
        guard let tinyBert = Fixtures.path("tiny-bert/tiny-bert-base") else { throw XCTSkip("tiny-bert fixture missing") }
        let pty = try PseudoTerminal(executable: try LoraReplBinary.url(), environment: environment)
        pty.expect("In [1]: ")
        func cell(_ line: String, then prompt: Int) {
            pty.send(line + "\r")
            pty.expect("In [\(prompt)]: ", timeout: 120)
        }
        cell("from transformers import AutoModelForSequenceClassification, Trainer, TrainingArguments", then: 2)
        cell("from datasets import Dataset", then: 3)
        cell("m = AutoModelForSequenceClassification.from_pretrained('\(tinyBert.path)')", then: 4)
        cell("ds = Dataset.from_dict({'input_ids': [[1, 5, 7, 2]] * 8, 'attention_mask': [[1, 1, 1, 1]] * 8, 'labels': [0, 1, 2, 0, 1, 2, 0, 1]})", then: 5)
        cell("args = TrainingArguments(output_dir='\(home.path)/out', num_train_epochs=2, per_device_train_batch_size=2, save_strategy='no', logging_steps=4, report_to='none')", then: 6)
        cell("trainer = Trainer(model=m, args=args, train_dataset=ds)", then: 7)
        cell("result = trainer.train()", then: 8)                   // cell 7: training with a progress bar
        cell("[1, 2][5]", then: 9)                                   // cell 8: an error
        cell("total = 0", then: 10)                                  // cell 9
        pty.send("while True:\r")                                    // cell 10: interrupted
        pty.send("    total += 1\r")
        pty.send("\r")
        usleep(500_000)
        pty.send("\u{03}")
        pty.expect("KeyboardInterrupt", timeout: 30)
        pty.expect("In [11]: ")
        cell("print(total > 0)", then: 12)                           // cell 11: reads what cell 10 wrote
        cell("print('independent', result.global_step)", then: 13)   // cell 12: does not
        // Ctrl-C in a training the Trainer stops cleanly (no KeyboardInterrupt reaches the cell): still left out, with
        // the later cell that reads the model the trainer holds (never named in the interrupted cell).
        cell("long = Trainer(model=m, args=TrainingArguments(output_dir='\(home.path)/long', num_train_epochs=100000, per_device_train_batch_size=2, save_strategy='no', report_to='none'), train_dataset=ds)", then: 14)
        pty.send("long.train()\r")                                  // cell 14: interrupted, caught by the Trainer
        usleep(1_500_000)
        pty.send("\u{03}")
        pty.expect("In [15]: ", timeout: 60)
        cell("print(m.num_parameters() > 0)", then: 16)             // cell 15: reads m, held by long
        cell("print('after', 1 + 1)", then: 17)                     // cell 16: independent
        let saved = home.appendingPathComponent("session.lnb")
        pty.send("%save \(saved.path)\r")
        let report = pty.expect("In [17]: ") ?? ""
        XCTAssertTrue(report.contains("left out: cell 10 (interrupted); cell 11 (reads total, written by interrupted cell 10); "
                                      + "cell 14 (interrupted); cell 15 (reads m, written by interrupted cell 14)"), report)
        pty.send("\u{04}")
        XCTAssertEqual(pty.waitForExit(), 0)

        let text = try String(contentsOf: saved, encoding: .utf8)
        XCTAssertFalse(text.contains("while True"), text)
        XCTAssertFalse(text.contains("print(total > 0)"), text)
        XCTAssertTrue(text.contains("independent 8"), text)
        XCTAssertFalse(text.contains("long.train()"), text)
        XCTAssertFalse(text.contains("m.num_parameters()"), text)
        XCTAssertTrue(text.contains("after 2"), text)
        XCTAssertTrue(text.contains("8/8 [####################] 100%"), "the progress is recorded in the notebook form: \(text)")
        XCTAssertFalse(text.contains("\u{1B}"), "no terminal escapes are recorded: \(text)")

        let result = try runChild(["test", saved.path], environment: environment, timeout: 300)
        XCTAssertEqual(result.status, 0, "\(result.ending)\n\(result.stdout)\n\(result.stderr)")
        // A renamed copy in another folder replays too (recorded errors do not depend on the file's name).
        let elsewhere = home.appendingPathComponent("copies", isDirectory: true)
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        let copy = elsewhere.appendingPathComponent("renamed-session.lnb")
        try FileManager.default.copyItem(at: saved, to: copy)
        let copied = try runChild(["test", copy.path], environment: environment, timeout: 300)
        XCTAssertEqual(copied.status, 0, "\(copied.ending)\n\(copied.stdout)\n\(copied.stderr)")
    }
}
