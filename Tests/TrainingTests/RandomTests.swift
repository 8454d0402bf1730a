import XCTest
@testable import Training

/// The data generator reproduces numpy's `default_rng` (values recorded from numpy 2.4).
final class RandomTests: XCTestCase {
    func testRawDrawsMatchNumpyDefaultRng() {
        // numpy: np.random.default_rng(42).bit_generator.random_raw(3)
        var g = NumpyPCG64(seed: 42)
        XCTAssertEqual([g.nextUInt64(), g.nextUInt64(), g.nextUInt64()],
                       [14276969152011380360, 8095878257575067585, 15838336090824644132])
    }

    func testPermutationMatchesNumpy() {
        var a = NumpyPCG64(seed: 42)
        XCTAssertEqual(a.permutation(10), [5, 6, 0, 7, 3, 2, 4, 9, 1, 8])
        var b = NumpyPCG64(seed: 0)
        XCTAssertEqual(b.permutation(7), [2, 4, 3, 6, 5, 0, 1])
    }

    func testChoiceWithoutReplacementMatchesNumpy() {
        var a = NumpyPCG64(seed: 123)
        XCTAssertEqual(a.choiceWithoutReplacement(Array(0..<20), count: 5), [1, 10, 0, 18, 11])
        var b = NumpyPCG64(seed: 123)
        XCTAssertEqual(b.choiceWithoutReplacement([0, 1, 2], count: 2), [0, 2])
    }
}

extension RandomTests {
    func testLargeChoiceUsesTailShuffleLikeNumpy() {
        // numpy: np.random.default_rng(5).choice(20000, size=500, replace=False)[:5]
        var g = NumpyPCG64(seed: 5)
        let pick = g.choiceWithoutReplacement(Array(0..<20000), count: 500)
        XCTAssertEqual(pick.count, 500)
        XCTAssertEqual(Set(pick).count, 500)
        XCTAssertEqual(Array(pick.prefix(5)), [18134, 18689, 1322, 2064, 372])
    }
}

/// Values recorded from CPython 3.11's `random` module.
final class PythonRandomTests: XCTestCase {
    func testShuffleMatchesCPython() {
        var a = PythonRandom(seed: 42)
        XCTAssertEqual(a.permutation(10), [7, 3, 2, 8, 5, 6, 9, 4, 0, 1])
        var b = PythonRandom(seed: 1 << 40 + 5)
        XCTAssertEqual(b.permutation(7), [1, 3, 5, 0, 2, 6, 4])
        // random.Random(42).shuffle(list(range(38158))): the reference recipe's order of the demo corpus.
        var c = PythonRandom(seed: 42)
        let order = c.permutation(38158)
        XCTAssertEqual(Array(order.prefix(5)), [23606, 36393, 20091, 3100, 153])
        XCTAssertEqual(Array(order.suffix(3)), [18024, 1639, 7296])
    }

    func testRandomAndGetrandbitsMatchCPython() {
        var g = PythonRandom(seed: 42)
        XCTAssertEqual(g.random(), 0.6394267984578837)
        XCTAssertEqual(g.getrandbits(32), 107420369)
        var z = PythonRandom(seed: 0)
        XCTAssertEqual(z.random(), 0.8444218515250481)
    }

    func testDatasetShuffleWithPythonGenerator() throws {
        let d = try Dataset.fromDict([("i", (0..<10).map { DataValue.int($0) })])
        var g = PythonRandom(seed: 42)
        XCTAssertEqual(try d.shuffle(using: &g).column("i"), [7, 3, 2, 8, 5, 6, 9, 4, 0, 1])
    }
}
