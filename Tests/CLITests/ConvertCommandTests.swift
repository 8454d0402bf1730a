import Foundation
import TestSupport
import XCTest

/// `lorarepl convert MODEL OUT.gguf [--quantization …]` as a user runs it.
final class ConvertCommandTests: XCTestCase {
    func testConvertsTheDemoSmolLM2ToQ8_0() throws {
        guard let model = Fixtures.demoAsset("models/HuggingFaceTB/SmolLM2-135M-Instruct/SmolLM2-135M-Instruct.Q4_1.gguf") else {
            throw XCTSkip("SmolLM2 demo asset missing")
        }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("lorarepl-convert-\(UUID().uuidString).gguf")
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try runLoraRepl(["convert", model.path, out.path, "--quantization", "q8_0"])
        XCTAssertEqual(result.code, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("272 tensors (F32 61, Q8_0 211)"), result.stdout)
        let head = try FileHandle(forReadingFrom: out).readData(ofLength: 4)
        XCTAssertEqual(String(decoding: head, as: UTF8.self), "GGUF")
    }

    func testArgumentErrorsExitTwoWithUsage() throws {
        let missing = try runLoraRepl(["convert", "only-one-path"])
        XCTAssertEqual(missing.code, 2)
        XCTAssertTrue(missing.stderr.contains("usage: lorarepl convert MODEL OUT.gguf"), missing.stderr)
        let badType = try runLoraRepl(["convert", "a", "b.gguf", "--quantization", "q5_k"])
        XCTAssertEqual(badType.code, 2)
        XCTAssertTrue(badType.stderr.contains("q5_k is not one lorarepl writes"), badType.stderr)
        let notFound = try runLoraRepl(["convert", "/nonexistent/model", "/tmp/x.gguf"])
        XCTAssertEqual(notFound.code, 2)
        XCTAssertTrue(notFound.stderr.hasPrefix("error: "), notFound.stderr)
        let help = try runLoraRepl(["convert", "--help"])
        XCTAssertEqual(help.code, 0)
        XCTAssertTrue(help.stdout.contains("--quantization"), help.stdout)
    }
}
