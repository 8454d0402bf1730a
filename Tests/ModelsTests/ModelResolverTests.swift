import XCTest
@testable import Models

final class ModelResolverTests: XCTestCase {
    var root: URL!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("resolver-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: root) }

    @discardableResult
    private func makeFolder(_ path: String, files: [String]) throws -> URL {
        let folder = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for file in files { try Data("{}".utf8).write(to: folder.appendingPathComponent(file)) }
        return folder
    }

    private var resolver: ModelResolver {
        ModelResolver(environment: ["LORAREPL_HOME": root.appendingPathComponent("home").path,
                                    "HF_HOME": root.appendingPathComponent("hf").path],
                      homeDirectory: root.appendingPathComponent("user"))
    }

    func testExistingPathWins() throws {
        let folder = try makeFolder("direct", files: ["config.json", "model.safetensors"])
        XCTAssertEqual(try resolver.resolve(folder.path), .huggingFaceFolder(folder))
    }

    func testHubCacheUsesRefsMainAndLorareplHomeComesFirst() throws {
        let hub = try makeFolder("hf/hub/models--org--name/snapshots/abc123", files: ["config.json", "model.safetensors"])
        try makeFolder("hf/hub/models--org--name/snapshots/zzz999", files: ["config.json", "model.safetensors"])
        try makeFolder("hf/hub/models--org--name/refs", files: [])
        try Data("abc123\n".utf8).write(to: root.appendingPathComponent("hf/hub/models--org--name/refs/main"))
        XCTAssertEqual(try resolver.resolve("org/name"), .huggingFaceFolder(hub))
        let home = try makeFolder("home/models/org/name", files: ["config.json", "model.safetensors"])
        XCTAssertEqual(try resolver.resolve("org/name"), .huggingFaceFolder(home))
    }

    func testGGUFFileAndFolderHoldingOne() throws {
        let folder = try makeFolder("home/models/Org/Small", files: ["small.Q4_1.gguf"])
        let file = folder.appendingPathComponent("small.Q4_1.gguf")
        XCTAssertEqual(try resolver.resolve("Org/Small"), .gguf(file))
        XCTAssertEqual(try resolver.resolve(file.path), .gguf(file))
        try makeFolder("home/models/Org/Small", files: ["other.gguf"])
        XCTAssertThrowsError(try resolver.resolve("Org/Small")) { error in
            XCTAssertTrue("\(error)".contains("2 GGUF files"), "\(error)")
        }
        XCTAssertEqual(try resolver.resolve("Org/Small", ggufFile: "other.gguf"), .gguf(folder.appendingPathComponent("other.gguf")))
    }

    func testNotFoundListsEveryPlace() throws {
        try makeFolder("home/models/org/empty", files: ["README.md"])
        XCTAssertThrowsError(try resolver.resolve("org/empty")) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("cannot find the model \"org/empty\""), text)
            XCTAssertTrue(text.contains(self.root.appendingPathComponent("home/models/org/empty").path + " (a folder, but without config.json"), text)
            XCTAssertTrue(text.contains(self.root.appendingPathComponent("hf/hub/models--org--empty").path), text)
            XCTAssertTrue(text.contains("org/empty (not found)"), text)
        }
    }

    func testDemoAssetsResolve() throws {
        let resolver = ModelResolver()
        let minilm = resolver.lorareplHome.appendingPathComponent("models/sentence-transformers/all-MiniLM-L6-v2")
        guard FileManager.default.fileExists(atPath: minilm.path) else {
            print("SKIPPED: demo asset \(minilm.path) is missing; run `make assets`")
            throw XCTSkip("demo assets missing")
        }
        XCTAssertEqual(try resolver.resolve("sentence-transformers/all-MiniLM-L6-v2"), .huggingFaceFolder(minilm))
        if case .gguf(let file) = try resolver.resolve("HuggingFaceTB/SmolLM2-135M-Instruct") {
            XCTAssertEqual(file.lastPathComponent, "SmolLM2-135M-Instruct.Q4_1.gguf")
        } else { XCTFail("SmolLM2 should resolve to its GGUF file") }
    }
}
