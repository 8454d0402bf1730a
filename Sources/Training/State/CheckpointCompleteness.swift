import Foundation

/// Whether a `checkpoint-<step>/` folder holds everything a resume reads. Checkpoints are written into
/// `checkpoint-<step>.tmp/` and renamed into place when complete, so a cut-off save leaves no
/// `checkpoint-<step>` folder at all; a folder that still lacks files was copied partially or written by
/// an older version, and resuming from it would mix states. `resume_from_checkpoint` refuses it.
public enum CheckpointCompleteness {
    /// The files a checkpoint needs: the trainer state, the model or adapter weights, and (unless the run
    /// used `save_only_model=True`) the optimizer, scheduler and random state.
    public static func missingFiles(in directory: String, saveOnlyModel: Bool) -> [String] {
        let manager = FileManager.default
        func has(_ name: String) -> Bool { manager.fileExists(atPath: (directory as NSString).appendingPathComponent(name)) }
        var missing: [String] = []
        if !has("trainer_state.json") { missing.append("trainer_state.json") }
        if !has("adapter_model.safetensors") && !has("model.safetensors") { missing.append("adapter_model.safetensors or model.safetensors") }
        if has("adapter_model.safetensors") && !has("adapter_config.json") { missing.append("adapter_config.json") }
        if has("model.safetensors") && !has("adapter_model.safetensors") && !has("config.json") { missing.append("config.json") }
        if !saveOnlyModel {
            for name in ["optimizer.safetensors", "optimizer.json", "scheduler.json", "rng_state.json"] where !has(name) { missing.append(name) }
        }
        return missing
    }

    /// Throws when `directory` is incomplete, naming the missing files and the newest complete checkpoint.
    public static func check(_ directory: String, outputDir: String, saveOnlyModel: Bool) throws {
        let missing = missingFiles(in: directory, saveOnlyModel: saveOnlyModel)
        guard !missing.isEmpty else { return }
        let name = (directory as NSString).lastPathComponent
        let complete = Checkpoints.list(outputDir: outputDir).filter {
            !Self.samePath($0, directory) && missingFiles(in: $0, saveOnlyModel: saveOnlyModel).isEmpty
        }
        let help = complete.last.map { "resume from the newest complete one: resume_from_checkpoint=\(PythonFormat.stringRepr($0)), or delete \(name)" }
            ?? "delete \(name) and train from the start"
        throw TrainingError.value("\(name) is a half-written checkpoint: it has no \(missing.joined(separator: ", "))", help: help,
                                  notes: ["a save that was cut off (a crash, a full disk, a partial copy) leaves such a folder; resuming from it would mix two states"])
    }

    private static func samePath(_ a: String, _ b: String) -> Bool {
        (a as NSString).standardizingPath == (b as NSString).standardizingPath
    }
}
