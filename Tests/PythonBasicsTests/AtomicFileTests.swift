import Foundation
import PythonBasics
import XCTest

final class AtomicFileTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func names(_ url: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
    }

    func testWriteReplacesTheFileAndLeavesNoTemporary() throws {
        let target = folder.appendingPathComponent("sub/config.json")
        XCTAssertThrowsError(try AtomicFile.write("one", to: target), "no folder is created unless asked")
        try AtomicFile.write("one", to: target, createFolders: true)
        XCTAssertEqual(try String(contentsOf: target, encoding: .utf8), "one", "missing parent folders are created")
        try AtomicFile.write(Data("two".utf8), to: target)
        XCTAssertEqual(try String(contentsOf: target, encoding: .utf8), "two")
        XCTAssertEqual(try names(target.deletingLastPathComponent()), ["config.json"])
    }

    func testAFailingProducerLeavesTheOldFile() throws {
        struct Boom: Error {}
        let target = folder.appendingPathComponent("weights.bin")
        try AtomicFile.write("old", to: target)
        XCTAssertThrowsError(try AtomicFile.write(to: target) { emit in
            try emit(Data("partial".utf8))
            throw Boom()
        }) { XCTAssertTrue($0 is Boom) }
        XCTAssertEqual(try String(contentsOf: target, encoding: .utf8), "old")
        XCTAssertEqual(try names(folder), ["weights.bin"])
    }

    func testUnwritableTargetIsAnOSError() throws {
        let blocker = folder.appendingPathComponent("file")
        try AtomicFile.write("x", to: blocker)
        XCTAssertThrowsError(try AtomicFile.write("y", to: blocker.appendingPathComponent("inside.txt"))) { error in
            let failure = error as? AtomicWriteError
            XCTAssertEqual(failure?.exceptionType, .osError)
            XCTAssertTrue(failure?.message.contains("inside.txt") ?? false, "\(error)")
            XCTAssertNotNil(failure?.helpLine)
        }
    }

    func testFolderVariantCreatesAndReplaces() throws {
        let checkpoint = folder.appendingPathComponent("checkpoint-10")
        try AtomicFile.writeFolder(checkpoint) { temporary in
            XCTAssertEqual(temporary.lastPathComponent, "checkpoint-10.tmp")
            try Data("a".utf8).write(to: temporary.appendingPathComponent("a.txt"))
            try FileManager.default.createDirectory(at: temporary.appendingPathComponent("nested"), withIntermediateDirectories: true)
            try Data("b".utf8).write(to: temporary.appendingPathComponent("nested/b.txt"))
        }
        XCTAssertEqual(try names(checkpoint), ["a.txt", "nested"])
        // Saving over an existing folder always works, and old files do not linger.
        try AtomicFile.writeFolder(checkpoint) { temporary in
            try AtomicFile.write("c", to: temporary.appendingPathComponent("c.txt"))
        }
        XCTAssertEqual(try names(checkpoint), ["c.txt"])
        XCTAssertEqual(try names(folder), ["checkpoint-10"], "no temporary or old folder is left beside it")
    }

    func testFolderVariantKeepsTheOldFolderWhenFillingFails() throws {
        struct Boom: Error {}
        let checkpoint = folder.appendingPathComponent("checkpoint-5")
        try AtomicFile.writeFolder(checkpoint) { try AtomicFile.write("old", to: $0.appendingPathComponent("state.json")) }
        // A stale NAME.tmp from a crashed save is cleared first.
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("checkpoint-5.tmp"), withIntermediateDirectories: true)
        XCTAssertThrowsError(try AtomicFile.writeFolder(checkpoint) { temporary in
            try AtomicFile.write("new", to: temporary.appendingPathComponent("state.json"))
            throw Boom()
        }) { XCTAssertTrue($0 is Boom) }
        XCTAssertEqual(try String(contentsOf: checkpoint.appendingPathComponent("state.json"), encoding: .utf8), "old")
        XCTAssertEqual(try names(folder), ["checkpoint-5"])
    }
}
