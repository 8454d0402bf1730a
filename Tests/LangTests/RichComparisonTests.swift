import Lang
import TestSupport
import XCTest

/// An array-like stub: comparisons are element-wise and give another `Vec` (like numpy and torch), its
/// truth value is ambiguous unless it holds one element, and it counts how often each hook ran.
final class StubVec: HostObject {
    static var comparisons = 0
    static var truthTests = 0
    let values: [Double]
    init(_ values: [Double]) { self.values = values }

    var typeName: String { "Vec" }
    func repr() -> String {
        "Vec([" + values.map { $0 == 1 ? "True" : ($0 == 0 ? "False" : String($0)) }.joined(separator: ", ") + "])"
    }
    func length() -> Int? { values.count }
    func makeIterator(context: CallContext) throws -> IteratorObject? {
        var index = 0
        return IteratorObject(kindName: "vec_iterator") {
            guard index < self.values.count else { return nil }
            defer { index += 1 }
            return .float(self.values[index])
        }
    }

    func truthValue() throws -> Bool? {
        StubVec.truthTests += 1
        guard values.count == 1 else {
            throw ScriptError(.valueError, "The truth value of a Vec with more than one element is ambiguous")
        }
        return values[0] != 0
    }

    func contains(_ item: Value, context: CallContext) throws -> Bool? {
        guard let x = item.doubleValue else { return false }
        return values.contains(x)
    }

    func binaryOperation(_ op: String, _ other: Value, reflected: Bool, context: CallContext) throws -> Value? {
        let test: (Double, Double) -> Bool
        switch op {
        case "==": test = (==)
        case "!=": test = (!=)
        case "<": test = (<)
        case "<=": test = (<=)
        case ">": test = (>)
        case ">=": test = (>=)
        default: return nil
        }
        StubVec.comparisons += 1
        let others: [Double]
        switch other {
        case .host(let host as StubVec): others = host.values
        default:
            guard let x = other.doubleValue else { return nil }
            others = Array(repeating: x, count: values.count)
        }
        guard others.count == values.count else {
            throw ScriptError(.valueError, "operands could not be broadcast together with shapes (\(values.count),) (\(others.count),)")
        }
        let pairs = zip(values, others).map { reflected ? ($1, $0) : ($0, $1) }
        return .host(StubVec(pairs.map { test($0.0, $0.1) ? 1 : 0 }))
    }
}

/// A host without comparisons: `==` falls back to identity, `<` is a TypeError.
final class StubOpaque: HostObject {
    var typeName: String { "Opaque" }
    func repr() -> String { "<Opaque>" }
}

/// Python's rich comparisons: a comparison gives the operand's own result, and truth is taken only
/// between the links of a chain, in `if`/`while`/`and`/`or`/`not` and `bool()`.
final class RichComparisonTests: XCTestCase {
    private var buffer = CaptureBuffer()
    private var interpreter = Interpreter(output: CaptureBuffer())

    override func setUp() {
        buffer = CaptureBuffer()
        interpreter = Interpreter(output: buffer)
        interpreter.registerGlobal(Builtin("vec", [.variadic("values")], doc: "A stub array.") { args in
            .host(StubVec(args.variadic.compactMap(\.doubleValue)))
        })
        interpreter.registerGlobal(Builtin("opaque", doc: "A stub without comparisons.") { _ in .host(StubOpaque()) })
        StubVec.comparisons = 0
        StubVec.truthTests = 0
    }

    /// Runs `code`; returns the output and the first diagnostic's headline.
    private func run(_ code: String) -> (String, String?) {
        let result = interpreter.run(code, origin: "test.lora")
        return (buffer.take(), result.diagnostics.first?.headline)
    }

    func testASingleComparisonGivesTheHostsResultWithoutATruthTest() {
        let (output, error) = run("""
        a, b = vec(1, 2, 3), vec(1, 5, 3)
        print(a == b, a != b, a < 2, 2 <= a, a > b, a >= 3)
        m = a == b
        print(type(m), len(m), sum(m), list(a == 3))
        """)
        XCTAssertNil(error)
        XCTAssertEqual(output, """
        Vec([True, False, True]) Vec([False, True, False]) Vec([True, False, False]) Vec([False, True, True]) Vec([False, False, False]) Vec([False, False, True])
        <class 'Vec'> 3 2.0 [0.0, 0.0, 1.0]

        """)
        XCTAssertEqual(StubVec.truthTests, 0, "a single or last comparison must not be tested for truth")
        XCTAssertEqual(StubVec.comparisons, 8)
    }

    func testReflectedComparisonsAskTheRightOperand() {
        // `2 <= a` is a's `>=`; the stub is told it is reflected and swaps the operands itself.
        let (output, error) = run("print(2 <= vec(1, 2, 3), 1 == vec(1, 0), 5 > vec(4, 6))")
        XCTAssertNil(error)
        XCTAssertEqual(output, "Vec([False, True, True]) Vec([True, False]) Vec([True, False])\n")
    }

    func testTruthIsTakenOnlyWherePythonTakesIt() {
        for code in ["if vec(1, 2) == vec(1, 2):\n    pass", "while vec(1, 2) > 0:\n    break", "print(not vec(1, 2) == 1)",
                     "print(bool(vec(1, 2) == 1))", "print((vec(1, 2) == 1) and 1)", "print((vec(1, 2) == 1) or 1)",
                     "print(0 < vec(1, 2) < 5)", "print(1 if vec(1, 2) == 1 else 0)"] {
            let (_, error) = run(code)
            XCTAssertEqual(error, "ValueError: The truth value of a Vec with more than one element is ambiguous", code)
        }
        // One element: the truth test between links passes and the chain gives the last link's value.
        let (output, error) = run("print(0 < vec(3) < 5, 0 < vec(3) < 1, 9 < vec(3) < 1, bool(vec(3) == 3), not vec(3) == 3)")
        XCTAssertNil(error)
        XCTAssertEqual(output, "Vec([True]) Vec([False]) Vec([False]) True False\n")
    }

    func testChainsShortCircuitBeforeLaterHostComparisons() {
        let (output, error) = run("print(1 > 2 < vec(1, 2), 2 > 1 > 3 == vec(1))")
        XCTAssertNil(error)
        XCTAssertEqual(output, "False False\n")
        XCTAssertEqual(StubVec.comparisons, 0)
    }

    func testInAndIsAlwaysGiveBools() {
        let (output, error) = run("""
        a = vec(1, 2, 3)
        print(2 in a, 7 in a, 7 not in a, a is a, a is not a, a is vec(1, 2, 3))
        print(a in [a], a in (a, 0))
        """)
        XCTAssertNil(error)
        // `a in [a]` finds a by identity first, as Python's containers do, so no element-wise `==` runs.
        XCTAssertEqual(output, "True False True True False False\nTrue True\n")
        XCTAssertEqual(StubVec.truthTests, 0)
    }

    func testMismatchedShapesRaiseTheHostsError() {
        let (_, error) = run("vec(1, 2) == vec(1, 2, 3)")
        XCTAssertEqual(error, "ValueError: operands could not be broadcast together with shapes (2,) (3,)")
    }

    func testHostsWithoutComparisonsFallBackToIdentityAndTypeError() {
        let (output, error) = run("o = opaque()\nprint(o == o, o == opaque(), o != opaque(), o == 1)")
        XCTAssertNil(error)
        XCTAssertEqual(output, "True False True False\n")
        let (_, ordering) = run("opaque() < opaque()")
        XCTAssertEqual(ordering, "TypeError: '<' not supported between instances of 'Opaque' and 'Opaque'")
        let (_, mixed) = run("opaque() >= 1")
        XCTAssertEqual(mixed, "TypeError: '>=' not supported between instances of 'Opaque' and 'int'")
    }
}
