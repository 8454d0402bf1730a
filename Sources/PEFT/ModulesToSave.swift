/// `modules_to_save`: modules trained in full (a trainable copy next to the frozen original) and saved
/// with the adapter. Matching is PEFT's `_set_trainable`: a module whose full name **ends with** an
/// entry, without a dot, so `"classifier"` also catches DistilBERT's `pre_classifier`.
enum ModulesToSaveMatcher {
    /// PEFT's pattern for keeping LoRA out of modules_to_save: `(^|.*\.){m}($|\..*)` as a full match.
    static func exclusionPattern(_ entry: String) -> String { "(?:.*\\.)?(?:\(entry))(?:\\..*)?" }

    /// The modules wrapped for `entries`, in model order. A module inside an already chosen one is not
    /// wrapped again. `userEntries` (those the person typed, not the task's automatic head names) must
    /// each match something; an automatic SEQ_CLS/TOKEN_CLS head that matches nothing gives a warning.
    static func resolve(entries: [String], userEntries: [String], taskType: TaskType?,
                        model: ModelDescription) throws -> [String] {
        var chosen: [String] = []
        var matchedEntries: Set<String> = []
        for module in model.modules where !module.name.isEmpty {
            let hits = entries.filter { module.name.hasSuffix($0) }
            guard !hits.isEmpty else { continue }
            hits.forEach { matchedEntries.insert($0) }
            if chosen.contains(where: { module.name.hasPrefix($0 + ".") }) { continue }
            chosen.append(module.name)
        }
        let unmatched = userEntries.filter { !matchedEntries.contains($0) }
        if !unmatched.isEmpty {
            let leaves = uniqued(model.modules.compactMap { $0.name.split(separator: ".").last.map(String.init) })
            var notes: [String] = []
            for entry in unmatched {
                let close = closeNames(to: entry, among: leaves, limit: 3)
                if !close.isEmpty { notes.append("'\(entry)': did you mean \(quotedChoices(close))?") }
            }
            let topLevel = model.modules.map(\.name).filter { !$0.isEmpty && !$0.contains(".") }
            notes.append("top-level modules of this model: " + topLevel.joined(separator: ", "))
            throw PeftError(.targetModulesNotFound,
                            "modules_to_save entr\(unmatched.count == 1 ? "y" : "ies") "
                                + unmatched.map { "'\($0)'" }.joined(separator: ", ")
                                + " match\(unmatched.count == 1 ? "es" : "") no module of this model "
                                + "(PEFT would silently train and save nothing for \(unmatched.count == 1 ? "it" : "them"))",
                            notes: notes, help: "use the name of the head module, e.g. \"classifier\" or \"score\"")
        }
        if let taskType, !taskType.automaticModulesToSave.isEmpty,
           !taskType.automaticModulesToSave.contains(where: matchedEntries.contains) {
            PeftWarnings.warn("task_type=\(taskType.rawValue) but the model has no module named "
                              + quotedChoices(taskType.automaticModulesToSave)
                              + ": no classifier head will be trained or saved with the adapter")
        }
        return chosen
    }
}
