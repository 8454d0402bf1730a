import Foundation
import TestSupport
@testable import Tokenizers
import XCTest

final class ChatTemplateTests: XCTestCase {
    let conversation: [[String: Any]] = [
        ["role": "system", "content": "  Be brief.  "],
        ["role": "user", "content": "Hi there, how are you?"],
        ["role": "assistant", "content": " Fine, thanks! "],
        ["role": "user", "content": "Tell me a joke"],
    ]
    let tools: [Any] = [[("name", "get_weather"), ("parameters", [("city", "Zürich"), ("days", [1, 2])] as [(String, Any)])] as [(String, Any)]]
    let specials = SpecialTokens(bos: "<s>", eos: "</s>")

    func testSmolLM2ChatMLTemplateFromGGUFMatchesFixture() throws {
        let (tokenizer, meta) = try SmolLM2Tokenizer.load()
        guard let url = Fixtures.path("smollm2/chat_template.json") else { throw XCTSkip("fixture smollm2/chat_template.json missing") }
        let fixture = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let messages = try XCTUnwrap(fixture["messages"] as? [[String: Any]])
        let source = try XCTUnwrap(meta["tokenizer.chat_template"]?.string ?? fixture["chat_template"] as? String)
        XCTAssertEqual(tokenizer.chatTemplate, source)
        XCTAssertEqual(try tokenizer.applyChatTemplate(messages, addGenerationPrompt: false), fixture["rendered"] as? String)
        // The fixture's generation-prompt rendering is of the conversation before the assistant's reply.
        let prompt = Array(messages.dropLast())
        XCTAssertEqual(messages.last?["role"] as? String, "assistant")
        XCTAssertEqual(try tokenizer.applyChatTemplate(prompt, addGenerationPrompt: true), fixture["rendered_with_generation_prompt"] as? String)
        // tokenize=True: the ChatML markers become their special ids.
        let ids = try tokenizer.applyChatTemplateIds(prompt, addGenerationPrompt: true)
        XCTAssertEqual(ids.first, tokenizer.tokenToId("<|im_start|>"))
        XCTAssertEqual(tokenizer.decode(ids), fixture["rendered_with_generation_prompt"] as? String)
    }

    func testLlama3Template() throws {
        let template = try ChatTemplate(TemplateSamples.llama3)
        XCTAssertEqual(try template.apply(messages: conversation, addGenerationPrompt: false, specialTokens: specials), TemplateSamples.llama3Plain)
        XCTAssertEqual(try template.apply(messages: conversation, addGenerationPrompt: true, specialTokens: specials), TemplateSamples.llama3WithPrompt)
    }

    func testMistralTemplateAndItsRaiseException() throws {
        let template = try ChatTemplate(TemplateSamples.mistral)
        let userFirst = Array(conversation.dropFirst())
        XCTAssertEqual(try template.apply(messages: userFirst, addGenerationPrompt: false, specialTokens: specials), TemplateSamples.mistralPlain)
        XCTAssertEqual(try template.apply(messages: userFirst, addGenerationPrompt: true, specialTokens: specials), TemplateSamples.mistralWithPrompt)
        XCTAssertThrowsError(try template.apply(messages: conversation, addGenerationPrompt: false, specialTokens: specials)) { error in
            let e = error as? TemplateError
            XCTAssertEqual(e?.message, "the template raised an exception: Conversation roles must alternate user/assistant/user/assistant/...")
            XCTAssertEqual(e?.line, 1)
        }
    }

    func testFeatureTemplateMatchesJinja2() throws {
        let template = try ChatTemplate(TemplateSamples.features)
        XCTAssertEqual(try template.apply(messages: conversation, addGenerationPrompt: false, specialTokens: specials, extra: ["tools": tools]),
                       TemplateSamples.featuresPlain)
        XCTAssertEqual(try template.apply(messages: conversation, addGenerationPrompt: true, specialTokens: specials, extra: ["tools": tools]),
                       TemplateSamples.featuresWithPrompt)
    }

    func testWhitespaceControlAndBlockTrimming() throws {
        let source = "A\n  {% if true %}\n    B\n  {% endif %}\nC {{- ' D ' -}} E\n{# note #}\nF"
        XCTAssertEqual(try ChatTemplate(source).render([:]), "A\n    B\nC D E\nF")
    }

    func testErrorsNameTheirPosition() {
        func error(_ source: String, _ context: [String: Any] = [:]) -> TemplateError? {
            do {
                _ = try ChatTemplate(source).render(context)
                return nil
            } catch let e as TemplateError {
                return e
            } catch {
                return nil
            }
        }
        let unclosed = error("line one\n{% if x %}never closed")
        XCTAssertEqual(unclosed?.line, 2)
        XCTAssertEqual(unclosed?.column, 1)
        XCTAssertTrue(unclosed?.message.contains("endif") ?? false, "\(String(describing: unclosed))")

        let badExpr = error("ok\n  {{ 1 + }}")
        XCTAssertEqual(badExpr?.line, 2)
        XCTAssertNotNil(badExpr?.message)

        XCTAssertEqual(error("{{ 'never closed }}")?.message, "this string literal is never closed")
        XCTAssertNotNil(error("{% endfor %}"))
        XCTAssertNotNil(error("{{ x | nosuchfilter }}"))
        XCTAssertNotNil(error("{% frobnicate %}"))
        XCTAssertNotNil(error("{{ 'a' + 1 }}"))
        let undefined = error("{{ message.content.x }}")
        XCTAssertTrue(undefined?.message.contains("`message`") ?? false, "\(String(describing: undefined))")
        XCTAssertNotNil(error("{{ 1 // 0 }}"))
        XCTAssertNil(error("{{ missing }}{{ missing is defined }}{% for x in missing %}{% endfor %}"))
    }

    /// Python semantics checked against Jinja2 (during development 6,000 random expressions and 3,000 random
    /// whitespace-control templates rendered identically).
    func testPythonSemantics() throws {
        let source = "{{ 'x y' == 0 < 1 }} {{ 1 < 2 < 3 }} {{ true + 1 }} {{ (not 1) * 4 }} {{ 3 * 'ab' }} {{ [1, 2] < [1, 3] }} "
            + "{{ false is number }} {{ missing is iterable }} {{ 2 in missing }} {{ 'a' not in 'abc' }}\r\n{{ 'last' }}\n"
        XCTAssertEqual(try ChatTemplate(source).render([:]), "False True 2 0 ababab True True True False False\nlast")
    }

    func testHostileTemplatesFailCleanly() throws {
        func fails(_ source: String) -> Bool {
            do { _ = try ChatTemplate(source).render([:]); return false } catch { return error is TemplateError }
        }
        XCTAssertTrue(fails("{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}"))
        XCTAssertTrue(fails("{{ " + String(repeating: "(", count: 500) + "1" + String(repeating: ")", count: 500) + " }}"))
        XCTAssertTrue(fails("{{ " + String(repeating: "not ", count: 500) + "1 }}"))
        XCTAssertTrue(fails("{% for i in range(100000000) %}{% endfor %}"))
        XCTAssertTrue(fails("{{ (-9223372036854775807 - 1) // -1 }}"))
        // No big integers: 10 ** 30 becomes a float (Python would print the exact integer).
        XCTAssertEqual(try ChatTemplate("{{ 2 ** 10 }} {{ 10 ** 30 }} {{ 7 % -3 }} {{ -7 // 2 }} {{ 1e400 | int }}").render([:]),
                       "1024 1e+30 -2 -4 0")
    }

    /// Work, value size and nesting are bounded (issue 15: found by thinking like the chat-template fuzzer): each
    /// of these ends with a `TemplateError` naming the limit, quickly, instead of hanging or exhausting memory.
    func testTemplatesThatWouldHangOrExhaustMemoryStopAtTheLimits() throws {
        func message(_ source: String, limits: JinjaLimits = .standard) -> String {
            do { _ = try ChatTemplate(source).render([:], limits: limits); return "rendered" } catch { return "\(error)" }
        }
        // 10**12 iterations; a string doubled 64 times; a list whose copies nest (exponential when printed).
        XCTAssertTrue(message("{% for i in range(1000000) %}{% for j in range(1000000) %}{% endfor %}{% endfor %}").contains("steps of work"))
        XCTAssertTrue(message("{% set ns = namespace(s='ab') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}")
            .contains("value of"))
        XCTAssertTrue(message("{% set ns = namespace(a=range(100000) | list) %}{% for i in range(30) %}{% set ns.a = [ns.a, ns.a] %}{% endfor %}")
            .contains("more than"))
        XCTAssertTrue(message("{{ 'x' * 100000 * 100000 }}").contains("limit"))
        XCTAssertTrue(message("{{ (('x' * 100000) * 10).replace('', 'y' * 100) }}")
            .contains("`replace`"))
        XCTAssertTrue(message("{{ range(1000000) | join('x' * 100000) }}").contains("`join`"))
        XCTAssertTrue(message("{{ [1] | tojson(indent=1000000000) }}").contains("indent"))
        XCTAssertTrue(message("{% set ns = namespace() %}{% set ns.me = ns %}{{ ns | tojson }}").contains("nests more than"))
        XCTAssertTrue(message("{% set ns = namespace(a=[]) %}{% for i in range(300) %}{% set ns.a = [ns.a] %}{% endfor %}").contains("nested more than"))
        XCTAssertTrue(message(String(repeating: "{% if true %}", count: 5000)).contains("statements nest more than"))
        XCTAssertTrue(message("{% for i in range(100) %}{{ 'x' * 100 }}{% endfor %}", limits: JinjaLimits(work: 1_000_000, maxValueSize: 5_000))
            .contains("rendered text is longer than 5000"))
        XCTAssertTrue(message("{{ range(20000) | unique | length }}").contains("`unique`"))
        // Real templates are far inside the limits.
        XCTAssertEqual(message("{% for i in range(1000) %}{% endfor %}ok", limits: JinjaLimits(work: 50_000, maxValueSize: 20_000)), "rendered")
        XCTAssertEqual(try ChatTemplate(TemplateSamples.features).apply(messages: conversation, addGenerationPrompt: false, specialTokens: specials,
                                                                        extra: ["tools": tools], limits: JinjaLimits(work: 20_000, maxValueSize: 4_096)),
                       TemplateSamples.featuresPlain)
    }

    func testTokenizerWithoutTemplateGivesAClearError() throws {
        let tokenizer = try WordPieceTokenizer(vocab: ["[UNK]": 0, "a": 1])
        XCTAssertThrowsError(try tokenizer.applyChatTemplate([["role": "user", "content": "hi"]])) { error in
            XCTAssertTrue("\(error)".contains("no chat template"))
        }
    }
}
