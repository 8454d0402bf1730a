import TestSupport
import XCTest
@testable import TensorCore

final class ElementwiseTests: XCTestCase {
    /// Broadcast `[7, 1, 29]` against `[13, 1]` → `[7, 13, 29]`, checked index by index.
    func testBroadcastingArithmeticAgainstNaive() throws {
        let a = try Helpers.random([7, 1, 29], seed: 1), b = try Helpers.random([13, 1], seed: 2)
        let av = a.toArray(), bv = b.toArray().map { $0 + 3 }  // keep the divisor away from 0
        let divisor = try Tensor(shape: [13, 1], values: bv)
        let ops: [(String, Tensor, (Float, Float) -> Float)] = [
            ("add", try a + divisor, { $0 + $1 }), ("sub", try a - divisor, { $0 - $1 }),
            ("mul", try a * divisor, { $0 * $1 }), ("div", try a / divisor, { $0 / $1 }),
        ]
        for (label, result, reference) in ops {
            XCTAssertEqual(result.shape, [7, 13, 29])
            var expected: [Float] = []
            for i in 0..<7 { for j in 0..<13 { for l in 0..<29 { expected.append(reference(av[i * 29 + l], bv[j])) } } }
            assertClose(result, expected, label)
        }
    }

    func testScalarOperationsAndNonContiguousInputs() throws {
        let a = try Helpers.random([7, 13], seed: 3)
        assertClose(a * 2.5, a.toArray().map { $0 * 2.5 })
        assertClose(a + 1, a.toArray().map { $0 + 1 })
        assertClose(-a, a.toArray().map { -$0 })
        let transposed = try a.t()  // [13, 7] view
        let sum = try transposed + transposed.contiguous()
        assertClose(sum, Helpers.transpose(a.toArray(), rows: 7, cols: 13).map { $0 * 2 })
    }

    func testIncompatibleShapesThrow() throws {
        XCTAssertThrowsError(try Tensor.zeros([3, 4]) + Tensor.zeros([5])) { error in
            XCTAssertTrue("\(error)".contains("cannot be broadcast"), "\(error)")
        }
    }

    func testReductionsAgainstNaive() throws {
        let x = try Helpers.random([7, 13, 29], seed: 4)
        let v = x.toArray()
        func index(_ i: Int, _ j: Int, _ l: Int) -> Int { (i * 13 + j) * 29 + l }
        var sum1 = [Float](repeating: 0, count: 7 * 29), max1 = [Float](repeating: -.infinity, count: 7 * 29)
        for i in 0..<7 { for j in 0..<13 { for l in 0..<29 {
            sum1[i * 29 + l] += v[index(i, j, l)]
            max1[i * 29 + l] = Swift.max(max1[i * 29 + l], v[index(i, j, l)])
        } } }
        assertClose(try x.sum(axis: 1), sum1, atol: 1e-5)
        assertClose(try x.mean(axis: -2), sum1.map { $0 / 13 }, atol: 1e-5)
        assertClose(try x.max(axis: 1), max1)
        XCTAssertEqual(try x.sum(axis: 1, keepDims: true).shape, [7, 1, 29])
        XCTAssertEqual(try x.sum().item(), v.reduce(0, +), accuracy: 1e-3)
        XCTAssertEqual(try x.mean().item(), v.reduce(0, +) / Float(v.count), accuracy: 1e-5)
        var sumLast = [Float](repeating: 0, count: 7 * 13)
        for row in 0..<(7 * 13) { for l in 0..<29 { sumLast[row] += v[row * 29 + l] } }
        assertClose(try x.sum(axis: -1), sumLast, atol: 1e-5)
        XCTAssertThrowsError(try x.sum(axis: 3))
    }

    func testViewsShareStorageAndCopyOnlyWhenNeeded() throws {
        let x = try Tensor(shape: [2, 3, 4], values: (0..<24).map(Float.init))
        let r = try x.reshape([6, -1])
        XCTAssertEqual(r.shape, [6, 4])
        XCTAssertTrue(r.storage === x.storage)
        let p = try x.permute([2, 0, 1])
        XCTAssertTrue(p.storage === x.storage)
        XCTAssertFalse(p.isContiguous)
        XCTAssertEqual(p.shape, [4, 2, 3])
        XCTAssertEqual(try p.value(at: [3, 1, 2]), try x.value(at: [1, 2, 3]))
        let s = try x.slice(axis: 2, 1..<3)
        XCTAssertEqual(s.toArray(), [1, 2, 5, 6, 9, 10, 13, 14, 17, 18, 21, 22])
        XCTAssertEqual(try x.select(axis: 1, index: -1).toArray(), [8, 9, 10, 11, 20, 21, 22, 23])
        XCTAssertEqual(try x.unsqueeze(1).shape, [2, 1, 3, 4])
        XCTAssertEqual(try x.unsqueeze(1).squeeze(1).toArray(), x.toArray())
        let reshapedPermuted = try p.reshape([4, 6])  // needs a copy
        XCTAssertFalse(reshapedPermuted.storage === x.storage)
        XCTAssertEqual(try reshapedPermuted.value(at: [3, 5]), try x.value(at: [1, 2, 3]))
        XCTAssertThrowsError(try x.reshape([5, -1]))
        XCTAssertThrowsError(try x.slice(axis: 0, 0..<3))
        XCTAssertThrowsError(try x.permute([0, 0, 1]))
    }

    func testIntTensorBasics() throws {
        let ids = try IntTensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(try ids.value(at: [1, 0]), 4)
        XCTAssertEqual(try ids.reshape([-1]).shape, [6])
        XCTAssertEqual(ids.toFloat().toArray(), [1, 2, 3, 4, 5, 6])
        XCTAssertThrowsError(try IntTensor(shape: [2, 2], values: [1]))
        XCTAssertThrowsError(try ids.value(at: [2, 0]))
    }
}

final class TensorMemoryTests: XCTestCase {
    func testBorrowedStorageBufferAccessAndInPlaceAdd() throws {
        final class Owner {}
        let owner = Owner()
        let raw = UnsafeMutablePointer<Float>.allocate(capacity: 6)
        defer { raw.deallocate() }
        for index in 0..<6 { raw[index] = Float(index) }
        let storage = TensorStorage(borrowing: raw, count: 6, owner: owner)
        let view = try Tensor(storage: storage, shape: [2, 2], storageOffset: 2)
        XCTAssertEqual(view.toArray(), [2, 3, 4, 5])
        XCTAssertThrowsError(try Tensor(storage: storage, shape: [2, 2], storageOffset: 3))
        try view.addInPlace(Tensor(shape: [2, 2], values: [1, 1, 1, 1]), scale: 0.5)
        XCTAssertEqual(raw[2], 2.5)
        XCTAssertEqual(try view.t().withUnsafeBufferPointer { Array($0) }, [2.5, 4.5, 3.5, 5.5])
        XCTAssertThrowsError(try view.t().withUnsafeMutableBufferPointer { _ in })
        try view.withUnsafeMutableBufferPointer { $0[0] = 9 }
        XCTAssertEqual(raw[2], 9)
    }
}
