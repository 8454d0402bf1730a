import Foundation
import Lang
import TestSupport
import XCTest

/// What a person reads: the one-line fix for a wrong keyword, `?TrainingArguments` grouped with
/// defaults and meanings, and help on a class's methods. Golden files are in `Golden/`
/// (`LORAREPL_REGENERATE=1` rewrites them after an intended change).
final class HelpAndErrorTests: XCTestCase {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    func assertGolden(_ text: String, _ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let url = Self.golden.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["LORAREPL_REGENERATE"] == "1" { try text.write(to: url, atomically: true, encoding: .utf8) }
        let expected = try String(contentsOf: url, encoding: .utf8)
        XCTAssertEqual(text, expected, "differs from Golden/\(name)", file: file, line: line)
    }

    func testWrongKeywordIsOneLineWithTheFix() throws {
        let session = ScriptSession()
        let (_, error) = session.run("from peft import LoraConfig\nLoraConfig(rank=8)")
        let rendered = try XCTUnwrap(error)
        try assertGolden(rendered + "\n", "lora_config_rank.txt")
        XCTAssertFalse(rendered.contains("signature:"), "not the whole signature")
        XCTAssertFalse(rendered.contains("velora_config"), "not every valid name")
        XCTAssertTrue(rendered.contains("help: write r=8 instead of rank=8"), rendered)
        XCTAssertLessThanOrEqual(rendered.split(separator: "\n").count, 6, rendered)
        // No close name: the nearest few, and where the full list is.
        let (_, far) = session.run("LoraConfig(zzzz_qqq=1)")
        XCTAssertTrue(far?.contains("help: the closest valid arguments are ") ?? false, far ?? "")
        XCTAssertTrue(far?.contains("?LoraConfig lists all") ?? false, far ?? "")
        // ?LoraConfig, where the fix points, lists every argument with its default and meaning.
        let help = try XCTUnwrap(session.interpreter.helpText(for: "LoraConfig"))
        XCTAssertTrue(help.contains("\n    r=8 ") && help.contains("rank of the update"), help)
        XCTAssertTrue(help.contains("velora_config"), "all 41 names are listed")
        // A short signature lists all of its names.
        let (_, small) = session.run("def f(a, b=2):\n    return a\nf(1, zzzz=3)")
        XCTAssertTrue(small?.contains("help: valid keyword arguments: a, b") ?? false, small ?? "")
    }

    func testTrainingArgumentsHelpIsGroupedWithDefaultsAndMeanings() throws {
        let session = ScriptSession()
        let text = try XCTUnwrap(session.interpreter.helpText(for: "TrainingArguments"))
        try assertGolden(text + "\n", "training_arguments_help.txt")
        for heading in ["Optimisation", "Length and batches", "Evaluation and best model", "Saving checkpoints", "Logging and progress"] {
            XCTAssertTrue(text.contains("\n  \(heading)\n"), "group \(heading)")
        }
        XCTAssertTrue(text.contains("learning_rate=5e-05"), text)
        XCTAssertTrue(text.contains("notation: "), "help explains its notation")
        for line in text.split(separator: "\n") {
            XCTAssertLessThanOrEqual(line.count, 80, "wrapped at 80 columns: \(line)")
        }
        // Every keyword the checker accepts is listed.
        session.ok("from transformers import TrainingArguments")
        guard case .builtin(let builtin)? = session.interpreter.global("TrainingArguments") else {
            return XCTFail("TrainingArguments is not a built-in")
        }
        for parameter in builtin.parameters {
            XCTAssertTrue(text.contains(parameter.name), "\(parameter.name) missing from the help")
        }
    }

    func testHelpOnAClassMethodWorksLikeOnAnInstance() throws {
        let session = ScriptSession()
        session.ok("from transformers import Trainer")
        let text = try XCTUnwrap(session.interpreter.helpText(for: "Trainer.train"))
        XCTAssertTrue(text.hasPrefix("Trainer.train(resume_from_checkpoint=None)"), text)
        XCTAssertTrue(text.contains("Run the training loop"), text)
        let classHelp = try XCTUnwrap(session.interpreter.helpText(for: "Trainer"))
        XCTAssertTrue(classHelp.contains("Methods (?Trainer.NAME for one)"), classHelp)
        XCTAssertTrue(classHelp.contains("evaluate("), classHelp)
        XCTAssertTrue(session.ok("help(Trainer.evaluate)").contains("Trainer.evaluate("))
        let (_, error) = session.run("Trainer.train()")
        XCTAssertTrue(error?.contains("called on a trainer, not on the class") ?? false, error ?? "")
        XCTAssertTrue(session.interpreter.completions(for: "Trainer.tr").contains("Trainer.train"))
    }
}
