import Foundation
import Tokenizers

/// One tokenized training example for a causal LM: ids, mask and labels of the same length, with
/// -100 wherever no loss is wanted (prompt, system and user turns).
public struct TokenizedExample: Equatable {
    public var inputIds: [Int]
    public var attentionMask: [Int]
    public var labels: [Int]

    /// Number of positions that carry a loss.
    public var trainedTokenCount: Int { labels.filter { $0 != -100 }.count }

    /// The row a Dataset holds: `input_ids`, `attention_mask`, `labels`.
    public var row: Row {
        Row([("input_ids", .intList(inputIds)), ("attention_mask", .intList(attentionMask)), ("labels", .intList(labels))])
    }
}

/// Instruction tuning: tokenize conversations with the model's chat template and train only on what
/// the assistant says (everything else gets label -100), or plain prompt/completion pairs with the
/// prompt masked. The labels are *not* shifted here: the causal-LM loss shifts them.
public enum InstructionTuning {
    /// Tokenizes `messages` (`[["role": "user", "content": "…"], …]`) rendered by the tokenizer's chat
    /// template, exactly as `apply_chat_template(messages, tokenize=True)` renders the whole text, with
    /// labels equal to the ids inside assistant turns (their content and end-of-turn token) and -100
    /// elsewhere. `maxLength` truncates from the end (the labels with it).
    ///
    /// How turns are found: for each assistant message `i`, the template is rendered for messages
    /// `0..<i` with the generation prompt and for `0...i`; the assistant's text is what the second adds.
    /// Templates that rewrite earlier turns when later ones are added are refused with an error.
    public static func tokenize(chat messages: [[String: String]], tokenizer: any Tokenizer, maxLength: Int? = nil,
                                trainRoles: Set<String> = ["assistant"]) throws -> TokenizedExample {
        guard !messages.isEmpty else { throw TrainingError.value("a chat needs at least one message") }
        for (index, message) in messages.enumerated() {
            guard message["role"] != nil, message["content"] != nil else {
                throw TrainingError.value("message \(index) needs a 'role' and a 'content', got keys \(message.keys.sorted())",
                                          help: "write messages as {\"role\": \"user\", \"content\": \"…\"}")
            }
        }
        guard messages.contains(where: { trainRoles.contains($0["role"] ?? "") }) else {
            throw TrainingError.value("this chat has no \(trainRoles.sorted().joined(separator: "/")) message, so nothing would be trained",
                                      help: "end each training conversation with the answer you want the model to learn")
        }
        func render(_ slice: ArraySlice<[String: String]>, prompt: Bool) throws -> String {
            do { return try tokenizer.applyChatTemplate(slice.map { $0 as [String: Any] }, addGenerationPrompt: prompt) } catch {
                throw TrainingError.value("the chat template could not render this conversation: \(error)")
            }
        }
        // Split the rendered text into segments that are trained or not.
        var segments: [(text: String, trained: Bool)] = []
        var done = ""
        for index in messages.indices where trainRoles.contains(messages[index]["role"] ?? "") {
            let before = try render(messages[0..<index], prompt: true)
            let after = try render(messages[0...index], prompt: false)
            guard before.hasPrefix(done), after.hasPrefix(before) else {
                throw TrainingError.value("the chat template renders earlier turns differently once a later turn is added, so assistant turns cannot be located",
                                          help: "use a template whose rendering of a conversation extends the rendering of its beginning (ChatML, LLaMA-3 and Mistral styles do)")
            }
            segments.append((String(before.dropFirst(done.count)), false))
            let answer = String(after.dropFirst(before.count))
            // Trailing whitespace after the end-of-turn token belongs to the template, not the answer.
            let trimmed = String(answer.reversed().drop(while: { $0.isWhitespace }).reversed())
            segments.append((trimmed, true))
            segments.append((String(answer.dropFirst(trimmed.count)), false))
            done = after
        }
        let full = try render(messages[...], prompt: false)
        guard full.hasPrefix(done) else {
            throw TrainingError.value("the chat template renders the whole conversation differently from its turns")
        }
        segments.append((String(full.dropFirst(done.count)), false))
        var ids: [Int] = [], labels: [Int] = []
        for segment in segments where !segment.text.isEmpty {
            let pieceIds = tokenizer.tokenizeToIds(segment.text)
            ids += pieceIds
            labels += segment.trained ? pieceIds : Array(repeating: -100, count: pieceIds.count)
        }
        return try finish(ids: ids, labels: labels, maxLength: maxLength)
    }

    /// A prompt/completion pair as plain text: `prompt + completion (+ EOS)`, loss on the completion
    /// (and EOS) only. `addBos` puts the tokenizer's BOS first when it has one.
    public static func tokenize(prompt: String, completion: String, tokenizer: any Tokenizer, addEos: Bool = true,
                                addBos: Bool = false, maxLength: Int? = nil) throws -> TokenizedExample {
        var promptIds = tokenizer.tokenizeToIds(prompt)
        if addBos, let bos = tokenizer.bosTokenId { promptIds.insert(bos, at: 0) }
        var answerIds = tokenizer.tokenizeToIds(completion)
        if addEos {
            guard let eos = tokenizer.eosTokenId else {
                throw TrainingError.value("the tokenizer has no EOS token to end the completion with", help: "pass add_eos=False")
            }
            answerIds.append(eos)
        }
        guard !answerIds.isEmpty else { throw TrainingError.value("the completion is empty, so nothing would be trained") }
        return try finish(ids: promptIds + answerIds, labels: Array(repeating: -100, count: promptIds.count) + answerIds, maxLength: maxLength)
    }

    /// A dataset (`input_ids`, `attention_mask`, `labels`) of conversations, ready for the Trainer with
    /// `DataCollatorWithPadding(padTokenId:)` (labels padded with -100).
    public static func dataset(chats: [[[String: String]]], tokenizer: any Tokenizer, maxLength: Int? = nil) throws -> Dataset {
        var rows: [Row] = []
        for (index, chat) in chats.enumerated() {
            rows.append(try TrainingError.noting("in conversation \(index)") { try tokenize(chat: chat, tokenizer: tokenizer, maxLength: maxLength).row })
        }
        return try Dataset.fromList(rows)
    }

    static func finish(ids: [Int], labels: [Int], maxLength: Int?) throws -> TokenizedExample {
        var ids = ids, labels = labels
        if let maxLength {
            guard maxLength > 0 else { throw TrainingError.value("max_length must be positive, got \(maxLength)") }
            if ids.count > maxLength {
                ids = Array(ids.prefix(maxLength))
                labels = Array(labels.prefix(maxLength))
            }
        }
        return TokenizedExample(inputIds: ids, attentionMask: Array(repeating: 1, count: ids.count), labels: labels)
    }
}
