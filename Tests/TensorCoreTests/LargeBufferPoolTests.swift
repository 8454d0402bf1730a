import TestSupport
import XCTest
@testable import TensorCore

/// Large operation results are reused (no fresh pages each training step); weights and zeros are not kept.
final class LargeBufferPoolTests: XCTestCase {
    func testLargeResultBufferIsReusedForTheSameSize() throws {
        let count = LargeBufferPool.minimumCount + 123
        var first: TensorStorage? = TensorStorage(uninitialized: count)
        let address = try XCTUnwrap(first).base
        first = nil
        let heldAfterFree = LargeBufferPool.held
        XCTAssertGreaterThanOrEqual(heldAfterFree, count * 4)
        let second = TensorStorage(uninitialized: count)
        XCTAssertEqual(second.base, address, "the freed buffer is handed out again")
        XCTAssertEqual(LargeBufferPool.held, heldAfterFree - count * 4)
        // A different size does not take it.
        withExtendedLifetime(second) {}
    }

    func testZerosAndSmallBuffersAreNotKept() {
        let before = LargeBufferPool.held
        do { _ = TensorStorage(zeros: LargeBufferPool.minimumCount + 7) }
        do { _ = TensorStorage(uninitialized: 1_000) }
        XCTAssertEqual(LargeBufferPool.held, before)
        // A zeros buffer is zero even when a large result of that size was freed just before.
        let count = LargeBufferPool.minimumCount + 11
        do {
            let result = TensorStorage(uninitialized: count)
            result.base.update(repeating: 7, count: count)
        }
        let zeros = TensorStorage(zeros: count)
        XCTAssertEqual(zeros.base[0], 0)
        XCTAssertEqual(zeros.base[count - 1], 0)
    }
}
