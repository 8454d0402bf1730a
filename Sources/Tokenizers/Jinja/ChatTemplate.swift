import Foundation

/// A compiled chat template (the Jinja source shipped as `chat_template` / `tokenizer.chat_template`),
/// rendered with transformers' settings (`trim_blocks`, `lstrip_blocks`).
public struct ChatTemplate {
    public let source: String
    private let nodes: [JinjaNode]

    /// Parses the template; syntax errors are `TemplateError`s with line and column.
    public init(_ source: String) throws {
        self.source = source
        self.nodes = try JinjaParser.parse(source)
    }

    /// Renders with arbitrary variables (values are converted with `JinjaValue(any:)`), within `limits`.
    public func render(_ context: [String: Any], limits: JinjaLimits = .standard) throws -> String {
        try JinjaRenderer(context: context.mapValues { JinjaValue(any: $0) }, limits: limits).render(nodes)
    }

    /// transformers' `apply_chat_template(messages, add_generation_prompt=…, tokenize=False)`.
    /// `messages` are `{"role": ..., "content": ...}` dictionaries; `specialTokens` provides
    /// `bos_token`, `eos_token`, ... ; `extra` adds variables such as `tools`.
    public func apply(messages: [[String: Any]], addGenerationPrompt: Bool, specialTokens: SpecialTokens = SpecialTokens(),
                      extra: [String: Any] = [:], limits: JinjaLimits = .standard) throws -> String {
        var context: [String: JinjaValue] = [:]
        for (name, token) in specialTokens.named { context[name] = .string(token) }
        context["messages"] = .array(messages.map { message in
            // Keep role and content first so `tojson` prints them in the usual order.
            var entries: [(String, JinjaValue)] = []
            for key in ["role", "content"] where message[key] != nil { entries.append((key, JinjaValue(any: message[key]))) }
            for (k, v) in message.sorted(by: { $0.key < $1.key }) where k != "role" && k != "content" { entries.append((k, JinjaValue(any: v))) }
            return .object(JinjaObject(entries))
        })
        context["add_generation_prompt"] = .bool(addGenerationPrompt)
        for (k, v) in extra { context[k] = JinjaValue(any: v) }
        return try JinjaRenderer(context: context, limits: limits).render(nodes)
    }
}

extension Tokenizer {
    /// `apply_chat_template(messages, add_generation_prompt=…, tokenize=False)` with the tokenizer's template.
    public func applyChatTemplate(_ messages: [[String: Any]], addGenerationPrompt: Bool = false,
                                  extra: [String: Any] = [:]) throws -> String {
        guard let source = chatTemplate else {
            throw TokenizerError("this tokenizer has no chat template",
                                 help: "set tokenizer.chat_template to a Jinja template, or use a model that ships one (e.g. an -Instruct model)")
        }
        return try ChatTemplate(source).apply(messages: messages, addGenerationPrompt: addGenerationPrompt,
                                              specialTokens: specialTokens, extra: extra)
    }

    /// `apply_chat_template(..., tokenize=True)`: the rendered text's ids. Like transformers, no extra
    /// special tokens are added (the template already writes them).
    public func applyChatTemplateIds(_ messages: [[String: Any]], addGenerationPrompt: Bool = false) throws -> [Int] {
        tokenizeToIds(try applyChatTemplate(messages, addGenerationPrompt: addGenerationPrompt))
    }
}
