import Foundation

/// How one architecture's checkpoint keys relate to its module names.
public struct KeyMatchingRules {
    /// The base model's attribute name in task models ("bert", "distilbert", "model").
    public var basePrefix: String
    /// Model keys that may be created fresh when the checkpoint lacks them (heads, the pooler).
    public var mayInitialize: (String) -> Bool
    /// Checkpoint keys of other heads that are dropped with transformers' "not used" warning.
    public var otherHeadPrefixes: [String]
    /// Checkpoint buffers recomputed by the model (matched on the last components).
    public var ignoredSuffixes: [String]

    public init(basePrefix: String, mayInitialize: @escaping (String) -> Bool,
                otherHeadPrefixes: [String], ignoredSuffixes: [String]) {
        self.basePrefix = basePrefix
        self.mayInitialize = mayInitialize
        self.otherHeadPrefixes = otherHeadPrefixes
        self.ignoredSuffixes = ignoredSuffixes
    }
}

/// The result of matching: for every model key the checkpoint key that feeds it, and the report.
public struct KeyMatch {
    /// Model key → checkpoint key (the original name in the file).
    public var sources: [String: String]
    public var report: LoadReport
}

/// Matches a model's state-dict keys against a checkpoint's, like transformers' `from_pretrained`:
/// old `gamma`/`beta` LayerNorm names are renamed; a task model accepts a base-model checkpoint
/// whose keys lack the base prefix (and a base model a task checkpoint's prefixed keys); missing
/// head weights are newly initialised; other heads' weights are "not used". Missing base weights,
/// unexpected keys and mis-shaped tensors are errors naming every key.
public enum KeyMatcher {
    public static func match(model expected: [(name: String, shape: [Int])],
                             checkpoint: [(name: String, shape: [Int])],
                             rules: KeyMatchingRules,
                             modelClass: String, checkpointName: String,
                             ignoreMismatchedSizes: Bool = false) throws -> KeyMatch {
        var report = LoadReport(modelClass: modelClass, checkpoint: checkpointName)
        let expectedShapes = Dictionary(expected.map { ($0.name, $0.shape) }, uniquingKeysWith: { first, _ in first })
        let prefix = rules.basePrefix + "."
        let modelHasPrefix = expected.contains { $0.name.hasPrefix(prefix) }
        let checkpointHasPrefix = checkpoint.contains { $0.name.hasPrefix(prefix) }

        // 1. Normalise checkpoint names: old LayerNorm names, then the base prefix.
        var byModelName: [String: (original: String, shape: [Int])] = [:]
        var leftovers: [(name: String, original: String)] = []
        for entry in checkpoint {
            var name = renamedLayerNormKey(entry.name)
            if name != entry.name { report.renamedKeys.append((entry.name, name)) }
            if modelHasPrefix && !checkpointHasPrefix && expectedShapes[name] == nil && expectedShapes[prefix + name] != nil {
                name = prefix + name
            } else if !modelHasPrefix && checkpointHasPrefix && name.hasPrefix(prefix) {
                name = String(name.dropFirst(prefix.count))
            }
            if expectedShapes[name] != nil {
                if let earlier = byModelName[name] {
                    throw ModelError("checkpoint \(checkpointName) holds two tensors for \(name): \(earlier.original) and \(entry.name)",
                                     help: "remove the duplicate from the checkpoint")
                }
                byModelName[name] = (entry.name, entry.shape)
            } else {
                leftovers.append((name, entry.name))
            }
        }

        // 2. Every model key: found with the right shape, newly initialised, or an error.
        var sources: [String: String] = [:]
        var missing: [String] = []
        var misshaped: [LoadReport.MismatchedKey] = []
        for (name, shape) in expected {
            guard let found = byModelName[name] else {
                if rules.mayInitialize(name) { report.newlyInitializedKeys.append(name) } else { missing.append(name) }
                continue
            }
            if found.shape != shape {
                let mismatch = LoadReport.MismatchedKey(key: name, checkpointShape: found.shape, modelShape: shape)
                if ignoreMismatchedSizes && rules.mayInitialize(name) { report.mismatchedKeys.append(mismatch) } else { misshaped.append(mismatch) }
                continue
            }
            sources[name] = found.original
        }

        // 3. Checkpoint keys nobody took.
        var unexpected: [String] = []
        for leftover in leftovers {
            if rules.ignoredSuffixes.contains(where: { leftover.name == $0 || leftover.name.hasSuffix("." + $0) }) {
                report.ignoredKeys.append(leftover.original)
            } else if rules.otherHeadPrefixes.contains(where: { leftover.name.hasPrefix($0) })
                        || (checkpointHasPrefix && !leftover.original.hasPrefix(prefix) && !modelHasPrefix) {
                report.unusedKeys.append(leftover.original)
            } else {
                unexpected.append(leftover.original)
            }
        }
        report.newlyInitializedKeys.sort()
        report.unusedKeys.sort()

        var problems: [String] = []
        if !missing.isEmpty { problems.append("missing from the checkpoint: " + listed(missing)) }
        if !unexpected.isEmpty { problems.append("in the checkpoint but not in the model: " + listed(unexpected.sorted())) }
        if !misshaped.isEmpty {
            problems.append("shapes differ: " + listed(misshaped.map { "\($0.key) is \(shapeText($0.checkpointShape)) in the checkpoint, \(shapeText($0.modelShape)) in the model" }))
        }
        if !problems.isEmpty {
            let headOnly = misshaped.allSatisfy { rules.mayInitialize($0.key) } && missing.isEmpty && unexpected.isEmpty
            throw ModelError("the weights in \(checkpointName) do not fit \(modelClass)",
                             notes: problems,
                             help: headOnly
                                ? "the classification head has a different number of labels; pass ignore_mismatched_sizes=True to start a new head"
                                : "check that the checkpoint is a \(rules.basePrefix) model with the same config.json (layers, hidden size, vocabulary)")
        }
        return KeyMatch(sources: sources, report: report)
    }

    /// `…LayerNorm.gamma` → `…LayerNorm.weight`, `…LayerNorm.beta` → `…LayerNorm.bias` (old checkpoints).
    public static func renamedLayerNormKey(_ key: String) -> String {
        if key.hasSuffix(".gamma") { return String(key.dropLast(6)) + ".weight" }
        if key.hasSuffix(".beta") { return String(key.dropLast(5)) + ".bias" }
        return key
    }

    static func listed(_ keys: [String], limit: Int = 12) -> String {
        let shown = keys.prefix(limit).joined(separator: ", ")
        return keys.count > limit ? shown + " … and \(keys.count - limit) more" : shown
    }
}

/// `[2, 384]`.
func shapeText(_ shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }
