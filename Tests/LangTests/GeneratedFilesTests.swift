import Foundation
@testable import Lang
import TestSupport
import XCTest

/// Files generated from other sources: the embedded stdlib and docs/builtins.md. Each test fails when
/// the checked-in copy is stale; run with LORAREPL_REGENERATE=1 to rewrite it.
final class GeneratedFilesTests: XCTestCase {
    static var regenerate: Bool { ProcessInfo.processInfo.environment["LORAREPL_REGENERATE"] == "1" }

    func check(_ expected: String, at relative: String) throws {
        let url = Fixtures.projectRoot.appendingPathComponent(relative)
        let current = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        if current == expected { return }
        if Self.regenerate {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try expected.write(to: url, atomically: true, encoding: .utf8)  // temp file + rename
            return
        }
        XCTFail("\(relative) is stale: run `LORAREPL_REGENERATE=1 swift test --filter GeneratedFilesTests`")
    }

    /// `Sources/Lang/Stdlib+Sources.swift` embeds `stdlib/*.lora` verbatim.
    func testEmbeddedStdlibMatchesStdlibFolder() throws {
        let folder = Fixtures.projectRoot.appendingPathComponent("stdlib")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".lora") }.sorted()
        XCTAssertFalse(names.isEmpty)
        var lines = ["// Generated from stdlib/*.lora by GeneratedFilesTests (LORAREPL_REGENERATE=1). Do not edit by hand.",
                     "enum StdlibSources {", "    static let modules: [(String, String)] = ["]
        for name in names {
            let source = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            XCTAssertFalse(source.contains("\"\"\"##"))
            lines.append("        (\"\(name.dropLast(5))\", ##\"\"\"")
            lines.append(source.hasSuffix("\n") ? String(source.dropLast()) : source)
            lines.append("\"\"\"##),")
        }
        lines += ["    ]", "}", ""]
        try check(lines.joined(separator: "\n"), at: "Sources/Lang/Stdlib+Sources.swift")
    }

    func testBuiltinReferenceIsCurrent() throws {
        let reference = Interpreter(output: CaptureBuffer()).builtinReference()
        XCTAssertTrue(reference.contains("`round(number, ndigits=None)`"))
        try check(reference, at: "docs/builtins.md")
    }
}
