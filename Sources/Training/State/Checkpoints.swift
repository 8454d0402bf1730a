import Foundation

/// Checkpoint folders `output_dir/checkpoint-<global_step>/` and their rotation (`save_total_limit`).
public enum Checkpoints {
    /// HF's `PREFIX_CHECKPOINT_DIR`.
    public static let prefix = "checkpoint"

    /// `checkpoint-<step>`.
    public static func directoryName(step: Int) -> String { "\(prefix)-\(step)" }

    /// `output_dir/checkpoint-<step>`.
    public static func directory(outputDir: String, step: Int) -> String {
        (outputDir as NSString).appendingPathComponent(directoryName(step: step))
    }

    /// The step of a `checkpoint-<step>` path (any parent folders), or nil.
    public static func step(of path: String) -> Int? {
        let name = (path as NSString).lastPathComponent
        guard name.hasPrefix(prefix + "-") else { return nil }
        return Int(name.dropFirst(prefix.count + 1))
    }

    /// Checkpoint folders in `outputDir`, oldest step first.
    public static func list(outputDir: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: outputDir)) ?? []
        return names.compactMap { name -> (Int, String)? in
            let path = (outputDir as NSString).appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard let step = step(of: name), FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
                  isDirectory.boolValue else { return nil }
            return (step, path)
        }.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// The newest checkpoint in `outputDir` (for `resume_from_checkpoint=True`), or nil.
    public static func latest(outputDir: String) -> String? { list(outputDir: outputDir).last }

    /// Which checkpoints to delete so at most `limit` remain, by HF's rule: the oldest go first, but the
    /// best checkpoint is moved just before the latest so that both survive (with `limit == 1` and a
    /// best that is not the latest, two are kept). `checkpoints` are sorted oldest first.
    public static func toDelete(sortedCheckpoints checkpoints: [String], limit: Int?, bestCheckpoint: String?) -> [String] {
        guard let limit, limit > 0, checkpoints.count > limit else { return [] }
        var ordered = checkpoints
        if let best = bestCheckpoint, let bestIndex = ordered.firstIndex(where: { samePath($0, best) }) {
            var i = bestIndex
            while i < ordered.count - 2 { ordered.swapAt(i, i + 1); i += 1 }
        }
        var effectiveLimit = limit
        if let best = bestCheckpoint, limit == 1, let last = ordered.last, !samePath(last, best) { effectiveLimit = 2 }
        let count = max(0, ordered.count - effectiveLimit)
        return Array(ordered.prefix(count))
    }

    /// Deletes old checkpoints in `outputDir` per `toDelete`; returns the deleted paths.
    @discardableResult
    public static func rotate(outputDir: String, limit: Int?, bestCheckpoint: String?) throws -> [String] {
        let doomed = toDelete(sortedCheckpoints: list(outputDir: outputDir), limit: limit, bestCheckpoint: bestCheckpoint)
        for path in doomed {
            do { try FileManager.default.removeItem(atPath: path) } catch {
                throw TrainingError(.runtimeError, "cannot delete the old checkpoint '\(path)': \(error.localizedDescription)",
                                    help: "check the folder's permissions, or raise save_total_limit")
            }
        }
        return doomed
    }

    private static func samePath(_ a: String, _ b: String) -> Bool {
        (a as NSString).standardizingPath == (b as NSString).standardizingPath
    }
}
