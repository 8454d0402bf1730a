import Foundation

/// Which modules of a model get LoRA, decided exactly as PEFT 0.21.2's `check_target_module_exists`
/// and `_maybe_include_all_linear_layers` do, plus one deliberate improvement: every entry of a
/// `target_modules` list must match something (PEFT silently skips typos, peft #1959).
public struct TargetResolution: Equatable {
    /// The modules to wrap, in model order.
    public var targets: [String]
    /// `target_modules` as PEFT stores it after injection: the per-architecture default list when none
    /// was given, the expanded full names for `"all-linear"`, else unchanged.
    public var resolvedSelector: ModuleSelector
    /// For a list selector: the modules each entry matched (before exclusions and layer filters).
    public var matchesByEntry: [String: [String]]
    /// Modules that matched `target_modules` but were removed by `exclude_modules` or `modules_to_save`.
    public var excluded: [String]
}

enum TargetMatcher {
    /// Resolves `config.targetModules` against `model`. `modulesToSave` are the effective entries
    /// (config + task's automatic head names); modules they name never get LoRA.
    static func resolve(config: LoraConfig, model: ModelDescription, modulesToSave: [String],
                        strict: Bool = true) throws -> TargetResolution {
        var selector: ModuleSelector
        var checkEveryEntry = true
        if let given = config.targetModules {
            selector = given
        } else if let defaults = DefaultTargetModules.forModelType(model.modelType) {
            selector = .names(defaults)
            checkEveryEntry = false
        } else {
            throw PeftError(.targetModulesNotFound, "Please specify `target_modules` or `target_parameters`in `peft_config`",
                            notes: ["PEFT has no default target modules for model type '\(model.modelType ?? "unknown")'",
                                    "Linear layers in this model: " + model.linearLeafNames.joined(separator: ", ")],
                            help: suggestedTargetsHelp(model))
        }
        if selector.isAllLinear {
            selector = .names(allLinearNames(model: model, taskType: config.taskType))
            checkEveryEntry = false
        }

        let candidateNames = model.modules.map(\.name).filter { !$0.isEmpty }
        var matchesByEntry: [String: [String]] = [:]
        if case let .names(entries) = selector {
            for entry in entries {
                matchesByEntry[entry] = candidateNames.filter { $0 == entry || $0.hasSuffix("." + entry) }
            }
            let unmatched = entries.filter { matchesByEntry[$0]?.isEmpty ?? true }
            if checkEveryEntry, !unmatched.isEmpty {
                let error = unmatchedEntriesError(unmatched, allEntries: entries, model: model)
                if strict || unmatched.count == entries.count { throw error }
                PeftWarnings.warn(error.message)
            }
        }

        let saveExclusions = try modulesToSave.map {
            try PythonRegex.compiled(ModulesToSaveMatcher.exclusionPattern($0), field: "modules_to_save", shownPattern: $0)
        }
        var targets: [String] = []
        var excluded: [String] = []
        var matchedBeforeFilters = 0
        for name in candidateNames {
            guard try matches(selector, name: name, config: config) else { continue }
            matchedBeforeFilters += 1
            if try isExcluded(name, by: config.excludeModules) || saveExclusions.contains(where: { try $0.fullMatch(name) }) {
                excluded.append(name)
                continue
            }
            targets.append(name)
        }
        if targets.isEmpty {
            if matchedBeforeFilters > 0 {
                throw PeftError(.targetModulesNotFound,
                                "All modules were excluded. This is likely unintended. Check your `target_modules`, "
                                    + "`exclude_modules` and `modules_to_save` configuration.",
                                notes: ["excluded: " + excluded.prefix(8).joined(separator: ", ") + (excluded.count > 8 ? ", …" : "")])
            }
            var notes = ["Linear layers in this model: " + model.linearLeafNames.joined(separator: ", ")]
            if let layers = config.layersToTransform {
                notes.append("layers_to_transform=\(layers.values) kept none of the matching modules")
            }
            throw PeftError(.targetModulesNotFound,
                            "Target modules \(selectorText(selector)) not found in the base model. Please check the target modules and try again.",
                            notes: notes, help: suggestedTargetsHelp(model))
        }
        for name in targets {
            guard let module = model.module(named: name) else { continue }
            if case .linear = module.kind { continue }
            throw unsupportedTargetError(module, model: model)
        }
        return TargetResolution(targets: targets, resolvedSelector: selector, matchesByEntry: matchesByEntry, excluded: excluded)
    }

    /// PEFT's `"all-linear"`: every Linear except the output embedding, or for SEQ_CLS models without one
    /// the top-level `score`/`classifier` head.
    static func allLinearNames(model: ModelDescription, taskType: TaskType?) -> [String] {
        var exclude: Set<String> = []
        if let output = model.outputEmbeddingName {
            exclude.insert(output)
        } else if taskType == .sequenceClassification {
            let topLevel = Set(model.modules.map(\.name).filter { !$0.isEmpty && !$0.contains(".") })
            if let head = sequenceClassificationHeadNames.first(where: { topLevel.contains($0) }) { exclude.insert(head) }
        }
        return model.linearModuleNames.filter { !exclude.contains($0) }
    }

    /// `check_target_module_exists` for one module name (without the exclusions).
    static func matches(_ selector: ModuleSelector, name: String, config: LoraConfig) throws -> Bool {
        switch selector {
        case let .pattern(pattern):
            return try PythonRegex.compiled(pattern, field: "target_modules").fullMatch(name)
        case let .names(entries):
            if entries.contains(name) { return true }  // an exact name ignores layers_to_transform, as in PEFT
            guard entries.contains(where: { name.hasSuffix("." + $0) }) else { return false }
            guard let layers = config.layersToTransform, !layers.values.isEmpty else { return true }
            guard let index = try layerIndex(of: name, patterns: config.layersPattern?.values ?? []) else { return false }
            return layers.values.contains(index)
        }
    }

    /// The layer number in a module name: with no `layers_pattern`, the first numeric segment that has a
    /// segment and a dot before it and a dot after it (`.*?\.[^.]*\.(\d+)\.`); with patterns, the number
    /// after the last `.<pattern>.` (`.*\.{pattern}\.(\d+)\.`), first pattern that matches wins.
    static func layerIndex(of name: String, patterns: [String]) throws -> Int? {
        if patterns.isEmpty {
            let segments = name.split(separator: ".", omittingEmptySubsequences: false)
            guard segments.count >= 4 else { return nil }
            for position in 2..<(segments.count - 1) {
                let segment = segments[position]
                if !segment.isEmpty, segment.allSatisfy(\.isASCIIDigitLike), let value = Int(segment) { return value }
            }
            return nil
        }
        for pattern in patterns {
            let regex = try PythonRegex.compiled(".*\\.(?:\(pattern))\\.(?P<lorarepllayer>[0-9]+)\\..*",
                                                 field: "layers_pattern", shownPattern: pattern)
            if let captured = try regex.namedCapture("lorarepllayer", in: name), let value = Int(captured) { return value }
        }
        return nil
    }

    static func isExcluded(_ name: String, by selector: ModuleSelector?) throws -> Bool {
        switch selector {
        case nil: return false
        case let .pattern(pattern): return try PythonRegex.compiled(pattern, field: "exclude_modules").fullMatch(name)
        case let .names(entries): return entries.contains(name) || entries.contains(where: { name.hasSuffix("." + $0) })
        }
    }

    // MARK: Messages

    static func selectorText(_ selector: ModuleSelector) -> String {
        switch selector {
        case let .names(entries): return "{" + entries.map { "'\($0)'" }.joined(separator: ", ") + "}"
        case let .pattern(pattern): return pattern
        }
    }

    static func suggestedTargetsHelp(_ model: ModelDescription) -> String {
        let leaves = Set(model.linearLeafNames)
        for pair in [["query", "value"], ["q_lin", "v_lin"], ["q_proj", "v_proj"], ["c_attn"], ["query_key_value"]]
            where pair.allSatisfy(leaves.contains) {
            return "pass target_modules=[" + pair.map { "\"\($0)\"" }.joined(separator: ", ") + "] (the attention "
                + "projections), or target_modules=\"all-linear\""
        }
        return "pass target_modules=[…] with names from the list above, or target_modules=\"all-linear\""
    }

    static func unmatchedEntriesError(_ unmatched: [String], allEntries: [String], model: ModelDescription) -> PeftError {
        let leafNames = model.linearLeafNames
        let allLeaves = model.modules.compactMap { $0.name.split(separator: ".").last.map(String.init) }
        var notes: [String] = []
        for entry in unmatched {
            let close = closeNames(to: entry, among: uniqued(leafNames + allLeaves), limit: 3)
            if !close.isEmpty { notes.append("'\(entry)': did you mean \(quotedChoices(close))?") }
        }
        notes.append("Linear layers in this model: " + leafNames.joined(separator: ", "))
        let message: String
        if unmatched.count == allEntries.count {
            message = "Target modules \(selectorText(.names(unmatched))) not found in the base model. Please check the target modules and try again."
        } else {
            let list = unmatched.map { "'\($0)'" }.joined(separator: ", ")
            message = "target_modules entr\(unmatched.count == 1 ? "y" : "ies") \(list) match\(unmatched.count == 1 ? "es" : "") "
                + "no module of this model (PEFT would silently skip \(unmatched.count == 1 ? "it" : "them"))"
        }
        return PeftError(.targetModulesNotFound, message, notes: notes,
                         help: "fix or remove the entr\(unmatched.count == 1 ? "y" : "ies"); an entry matches a module whose full name is the entry or ends with \".<entry>\"")
    }

    static func unsupportedTargetError(_ module: ModelDescription.ModuleEntry, model: ModelDescription) -> PeftError {
        let inside = model.linearModuleNames.filter { $0.hasPrefix(module.name + ".") }
            .compactMap { $0.split(separator: ".").last.map(String.init) }
        if case .embedding = module.kind {
            return PeftError(.unsupportedTarget, "Target module \(module.name) is an Embedding; lorarepl applies LoRA to Linear layers only",
                             help: "remove it from target_modules, or put it in modules_to_save to train it fully")
        }
        return PeftError(.unsupportedTarget,
                         "Target module \(module.name) (\(module.kind.typeName)) is not supported. Currently, only Linear layers are supported.",
                         notes: inside.isEmpty ? [] : ["Linear layers inside it: " + uniqued(inside).joined(separator: ", ")],
                         help: "name the Linear layers themselves in target_modules")
    }
}

extension Character {
    var isASCIIDigitLike: Bool { ("0"..."9").contains(self) }
}

func uniqued(_ names: [String]) -> [String] {
    var seen: Set<String> = []
    return names.filter { seen.insert($0).inserted }
}

/// The names closest to `word` (edit distance, or one containing the other), best first.
func closeNames(to word: String, among candidates: [String], limit: Int) -> [String] {
    let lowered = word.lowercased()
    var scored: [(name: String, score: Int)] = []
    for candidate in uniqued(candidates) where candidate != word {
        let other = candidate.lowercased()
        let distance = editDistance(lowered, other)
        let threshold = max(2, min(lowered.count, other.count) / 3)
        if distance <= threshold {
            scored.append((candidate, distance))
        } else if lowered.count >= 2, other.contains(lowered) || lowered.contains(other) {
            scored.append((candidate, threshold + 1))
        } else if lowered.contains("_"), other.contains("_"),
                  lowered.split(separator: "_").first == other.split(separator: "_").first {
            scored.append((candidate, threshold + 2))  // q_proj vs q_lin: same family, different naming
        }
    }
    return scored.sorted { $0.score < $1.score || ($0.score == $1.score && $0.name < $1.name) }.prefix(limit).map(\.name)
}

/// Levenshtein distance over characters.
func editDistance(_ a: String, _ b: String) -> Int {
    let x = Array(a), y = Array(b)
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var previous = Array(0...y.count)
    var current = [Int](repeating: 0, count: y.count + 1)
    for i in 1...x.count {
        current[0] = i
        for j in 1...y.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[y.count]
}
