import Foundation
import TestSupport
import XCTest

/// Saves that survive faults (issue 15): repeated full fine-tunes into one `output_dir`, a process killed
/// at every point of a checkpoint save, and `resume_from_checkpoint` on a half-written checkpoint.
final class SaveFaultTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("lorarepl-savefault-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    /// A full fine-tune (no LoRA) of the tiny BERT for 2 steps, a checkpoint after each.
    func script(outputDir: URL, seed: Int, resume: Bool = false) throws -> String {
        guard let tinyBert = Fixtures.path("tiny-bert/tiny-bert-base") else { throw XCTSkip("tiny-bert fixture missing") }
        return """
            from transformers import AutoModelForSequenceClassification, Trainer, TrainingArguments, set_seed
            from datasets import Dataset
            set_seed(\(seed))
            m = AutoModelForSequenceClassification.from_pretrained('\(tinyBert.path)')
            ds = Dataset.from_dict({'input_ids': [[1, 5, 7, 2]] * 8, 'attention_mask': [[1, 1, 1, 1]] * 8, 'labels': [0, 1, 2, 0, 1, 2, 0, 1]})
            args = TrainingArguments(output_dir='\(outputDir.path)', num_train_epochs=1, per_device_train_batch_size=4, learning_rate=0.01,
                                     save_strategy='steps', save_steps=1, logging_steps=1, seed=\(seed), report_to='none', disable_tqdm=True)
            out = Trainer(model=m, args=args, train_dataset=ds).train(\(resume ? "resume_from_checkpoint=True" : ""))
            print('done', out.global_step)
            """
    }

    func testThreeFullFineTunesIntoOneOutputDirAllSucceed() throws {
        let output = folder.appendingPathComponent("out")
        let text = try script(outputDir: output, seed: 1)
        for run in 1...3 {
            let result = try runChild(["-c", text], timeout: 300)
            XCTAssertEqual(result.status, 0, "run \(run): \(result.ending)\n\(result.stdout)\n\(result.stderr)")
            XCTAssertTrue(result.stdout.contains("done 2"), "run \(run): \(result.stdout)")
        }
    }

    /// The files that tell two runs apart (different seeds give different weights and arguments).
    static let distinguishing = ["model.safetensors", "optimizer.safetensors", "scheduler.json", "rng_state.json", "trainer_state.json"]

    /// The files' bytes, with the run's own output_dir path (in the arguments and state) written as `OUT`.
    func fingerprint(_ checkpoint: URL) -> [String: Data] {
        let outputDir = checkpoint.deletingLastPathComponent().path
        var out: [String: Data] = [:]
        for name in Self.distinguishing {
            guard let data = try? Data(contentsOf: checkpoint.appendingPathComponent(name)) else { continue }
            out[name] = name.hasSuffix(".json") ? Data(String(decoding: data, as: UTF8.self).replacingOccurrences(of: outputDir, with: "OUT").utf8) : data
        }
        return out
    }

    func testAKilledSaveLeavesTheOldOrTheNewCheckpointNeverAMix() throws {
        // Reference contents: a run with seed 1 (old) and one with seed 2 (new), each complete.
        let old = folder.appendingPathComponent("old"), new = folder.appendingPathComponent("new")
        for (dir, seed) in [(old, 1), (new, 2)] {
            let result = try runChild(["-c", try script(outputDir: dir, seed: seed)], timeout: 300)
            XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        }
        let names = ["checkpoint-1", "checkpoint-2"]
        let oldPrints = names.map { fingerprint(old.appendingPathComponent($0)) }
        let newPrints = names.map { fingerprint(new.appendingPathComponent($0)) }
        XCTAssertNotEqual(oldPrints[0]["model.safetensors"], newPrints[0]["model.safetensors"], "the two seeds must give different weights")

        // Re-run seed 2 over a copy of the old folder, killed at save point k, for every k until a run finishes.
        var killedRuns = 0
        for point in 1...40 {
            let target = folder.appendingPathComponent("kill-\(point)")
            try FileManager.default.copyItem(at: old, to: target)
            var env = ProcessInfo.processInfo.environment
            env["LORAREPL_TEST_KILL_AT_SAVE_POINT"] = String(point)
            let result = try runChild(["-c", try script(outputDir: target, seed: 2)], environment: env, timeout: 300)
            XCTAssertFalse(result.timedOut)
            let finished = result.status == 0 && !result.bySignal
            if !finished {
                XCTAssertTrue(result.bySignal && result.status == SIGKILL, "point \(point): \(result.ending)\n\(result.stderr)")
                killedRuns += 1
            }
            for (i, name) in names.enumerated() {
                let checkpoint = target.appendingPathComponent(name)
                let prints = fingerprint(checkpoint)
                XCTAssertTrue(prints == oldPrints[i] || prints == newPrints[i],
                              "point \(point): \(name) mixes the old and the new save: "
                                + Self.distinguishing.map { "\($0) \(prints[$0] == oldPrints[i][$0] ? "old" : prints[$0] == newPrints[i][$0] ? "new" : "neither")" }.joined(separator: ", "))
            }
            // Whatever is there resumes (or says clearly why not).
            let resumed = try runChild(["-c", try script(outputDir: target, seed: 2, resume: true)], timeout: 300)
            XCTAssertEqual(resumed.status, 0, "point \(point): resume failed: \(resumed.stdout)\n\(resumed.stderr)")
            try? FileManager.default.removeItem(at: target)
            if finished { break }
        }
        XCTAssertGreaterThan(killedRuns, 3, "the fault injection must have killed some saves")
    }

    func testResumeRefusesAHalfWrittenCheckpoint() throws {
        let output = folder.appendingPathComponent("half")
        let first = try runChild(["-c", try script(outputDir: output, seed: 1)], timeout: 300)
        XCTAssertEqual(first.status, 0, first.stdout + first.stderr)
        // A checkpoint cut off by a crash of an older version, or copied partially.
        try FileManager.default.removeItem(at: output.appendingPathComponent("checkpoint-2/optimizer.safetensors"))
        let resumed = try runChild(["-c", try script(outputDir: output, seed: 1, resume: true)], timeout: 300)
        XCTAssertFalse(resumed.bySignal)
        XCTAssertNotEqual(resumed.status, 0)
        XCTAssertTrue(resumed.stderr.contains("checkpoint-2 is a half-written checkpoint: it has no optimizer.safetensors"), resumed.stderr)
        XCTAssertTrue(resumed.stderr.contains("checkpoint-1"), "names the newest complete checkpoint: \(resumed.stderr)")
    }

    func testThroughputAfterResumingAFinishedRunCountsNoSteps() throws {
        let output = folder.appendingPathComponent("again")
        let first = try runChild(["-c", try script(outputDir: output, seed: 1)], timeout: 300)
        XCTAssertEqual(first.status, 0, first.stdout + first.stderr)
        let text = try script(outputDir: output, seed: 1, resume: true) + "\nprint(out.metrics['train_samples_per_second'], out.metrics['train_steps_per_second'])"
        let resumed = try runChild(["-c", text], timeout: 300)
        XCTAssertEqual(resumed.status, 0, resumed.stdout + resumed.stderr)
        XCTAssertTrue(resumed.stdout.contains("\n0.0 0.0\n"), "a resumed finished run ran no steps: \(resumed.stdout)")
    }
}
