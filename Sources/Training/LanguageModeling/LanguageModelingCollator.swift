import Foundation

extension DataCollatorWithPadding {
    /// `DataCollatorForLanguageModeling(tokenizer, mlm=False)`: pads each batch (dynamic padding) and sets
    /// `labels = input_ids` with every padding position at -100, so the causal-LM loss (which shifts the
    /// labels itself) ignores padding. Labels already in the rows are replaced, as in transformers.
    ///
    /// One deliberate difference: transformers masks every token *equal to* the pad id, so when the pad
    /// token is the EOS token (common for LLaMA-family models) the real end-of-text tokens lose their
    /// loss and the model never learns to stop. lorarepl masks padding *positions* (attention mask 0) only.
    ///
    /// For rows that carry their own `labels` (prompt masked with -100, e.g. from
    /// `InstructionTuning.tokenize(chat:…)`), use `DataCollatorWithPadding(padTokenId:)` instead: it pads
    /// label lists with -100 (what `DataCollatorForSeq2Seq` does).
    public static func forLanguageModeling(padTokenId: Int32, mlm: Bool = false, padToMultipleOf: Int? = nil,
                                           paddingSide: PaddingSide = .right) throws -> DataCollatorWithPadding {
        guard !mlm else {
            throw TrainingError.value("masked language modelling (mlm=True) is not supported: lorarepl trains causal language models",
                                      help: "use DataCollatorForLanguageModeling(tokenizer, mlm=False) for LLaMA-family models")
        }
        if let multiple = padToMultipleOf, multiple <= 0 {
            throw TrainingError.value("pad_to_multiple_of must be positive, got \(multiple)")
        }
        return DataCollatorWithPadding(padTokenId: padTokenId, padding: .longest, padToMultipleOf: padToMultipleOf,
                                       paddingSide: paddingSide, labelsFromInputIds: true)
    }
}
