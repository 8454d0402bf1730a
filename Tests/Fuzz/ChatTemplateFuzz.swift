// libFuzzer harness: Jinja chat templates (module Tokenizers' Jinja engine, see scripts/fuzz.sh). The input is
// a template's source; it is parsed and rendered with a fixed conversation, as `apply_chat_template` does, under
// the renderer's limits (work budget, largest value and output). Promise checked: a rendered string or a
// `TemplateError`, never a trap, a hang or unbounded memory.
import Foundation

private let messages: [[String: Any]] = [
    ["role": "system", "content": "You are a helpful assistant."],
    ["role": "user", "content": "Hello, wörld! 你好 🙂 {{ not a tag }}"],
    ["role": "assistant", "content": "Hi! How can I help?"],
    ["role": "user", "content": ""],
]
private let specialTokens = SpecialTokens(pad: "<pad>", unk: "<unk>", bos: "<s>", eos: "</s>")
private let tools: [Any] = [["type": "function", "function": ["name": "get_time", "parameters": ["type": "object"]]]]

@_cdecl("LLVMFuzzerTestOneInput")
public func chatTemplateFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let source = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let template = try? ChatTemplate(source) else { return 0 }
    let limits = JinjaLimits(work: 200_000, maxValueSize: 1 << 20)
    if let rendered = try? template.apply(messages: messages, addGenerationPrompt: size % 2 == 0, specialTokens: specialTokens,
                                          extra: ["tools": tools], limits: limits),
       rendered.utf8.count > limits.maxValueSize {
        fatalError("rendered \(rendered.utf8.count) bytes, more than the limit \(limits.maxValueSize)")
    }
    return 0
}
