import Foundation
@testable import Lang
import TestSupport
import XCTest

/// Files generated from other sources: the embedded stdlib (docs/builtins.md: BindingsTests). Each test fails when
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

    /// `Sources/Lang/StdlibSources/` embeds `stdlib/*.lora` verbatim: one Swift file per module (so no
    /// generated file grows past a few hundred lines) and `Modules.swift` listing them in name order.
    func testEmbeddedStdlibMatchesStdlibFolder() throws {
        let folder = Fixtures.projectRoot.appendingPathComponent("stdlib")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".lora") }.sorted()
        XCTAssertFalse(names.isEmpty)
        let header = "// Generated from stdlib/%@ by GeneratedFilesTests (LORAREPL_REGENERATE=1). Do not edit by hand."
        var expectedFiles = ["Modules.swift"]
        var listing = [String(format: header, "*.lora"), "extension StdlibSources {",
                       "    /// Every stdlib module: its import name and its source.", "    static let modules: [(String, String)] = ["]
        for name in names {
            let module = String(name.dropLast(5))
            let source = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            XCTAssertFalse(source.contains("\"\"\"##"))
            let body = source.hasSuffix("\n") ? String(source.dropLast()) : source
            let file = [String(format: header, name), "extension StdlibSources {",
                        "    static let \(module)Source = ##\"\"\"", body, "\"\"\"##", "}", ""]
            expectedFiles.append("\(module).swift")
            try check(file.joined(separator: "\n"), at: "Sources/Lang/StdlibSources/\(module).swift")
            listing.append("        (\"\(module)\", \(module)Source),")
        }
        listing += ["    ]", "}", ""]
        try check(listing.joined(separator: "\n"), at: "Sources/Lang/StdlibSources/Modules.swift")
        try checkNoOtherFiles(in: "Sources/Lang/StdlibSources", expected: expectedFiles)
    }

    /// A module removed from `stdlib/` must not leave its generated file behind.
    func checkNoOtherFiles(in relative: String, expected: [String]) throws {
        let folder = Fixtures.projectRoot.appendingPathComponent(relative)
        let present = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for stale in Set(present).subtracting(expected).sorted() {
            if Self.regenerate {
                try FileManager.default.removeItem(at: folder.appendingPathComponent(stale))
            } else {
                XCTFail("\(relative)/\(stale) has no stdlib module: run `LORAREPL_REGENERATE=1 swift test --filter GeneratedFilesTests`")
            }
        }
    }

    /// The language's own part of the reference (docs/builtins.md is generated with the ML bindings too,
    /// by BindingsTests' BuiltinReferenceTests).
    func testLanguageReferenceListsEveryBuiltin() throws {
        let reference = Interpreter(output: CaptureBuffer()).builtinReference()
        XCTAssertTrue(reference.contains("`round(number, ndigits=None)`"))
        XCTAssertTrue(reference.contains("## Module `json`"))
    }
}
