import Foundation
import PythonBasics
import XCTest

/// `json.dumps` / `json.loads` against outputs recorded once from CPython 3.11 (tests run without Python).
final class JSONTests: XCTestCase {
    /// The value CPython dumped (same keys in the same order).
    static let sample: JSONValue = .object([
        ("b", .array([.int(1), .double(2.5), .null, .bool(true), .bool(false)])),
        ("a", .object([("\u{e9}", .string("\u{fc}\u{1F600}\n\t\"\\/")), ("z", .array([]))])),
        ("c", .object([])), ("x", .double(1e-07)), ("big", .double(1e16)), ("n", .double(-0.0)), ("f", .double(1e15)),
        ("inf", .double(.infinity)), ("ninf", .double(-.infinity)), ("nan", .double(.nan)), ("i", .int(-12345678901234)),
        ("ctl", .string("\u{0}\u{1f}\u{7f}\u{80}\u{2028}\u{1F600}")), ("B", .double(0.30000000000000004)),
    ])

    func testDumpsMatchesCPythonByteForByte() {
        let cases: [(JSONDumpOptions, String)] = [
        (JSONDumpOptions(), "{\"b\": [1, 2.5, null, true, false], \"a\": {\"\\u00e9\": \"\\u00fc\\ud83d\\ude00\\n\\t\\\"\\\\/\", \"z\": []}, \"c\": {}, \"x\": 1e-07, \"big\": 1e+16, \"n\": -0.0, \"f\": 1000000000000000.0, \"inf\": Infinity, \"ninf\": -Infinity, \"nan\": NaN, \"i\": -12345678901234, \"ctl\": \"\\u0000\\u001f\\u007f\\u0080\\u2028\\ud83d\\ude00\", \"B\": 0.30000000000000004}"),
        (JSONDumpOptions(indent: 2), "{\n  \"b\": [\n    1,\n    2.5,\n    null,\n    true,\n    false\n  ],\n  \"a\": {\n    \"\\u00e9\": \"\\u00fc\\ud83d\\ude00\\n\\t\\\"\\\\/\",\n    \"z\": []\n  },\n  \"c\": {},\n  \"x\": 1e-07,\n  \"big\": 1e+16,\n  \"n\": -0.0,\n  \"f\": 1000000000000000.0,\n  \"inf\": Infinity,\n  \"ninf\": -Infinity,\n  \"nan\": NaN,\n  \"i\": -12345678901234,\n  \"ctl\": \"\\u0000\\u001f\\u007f\\u0080\\u2028\\ud83d\\ude00\",\n  \"B\": 0.30000000000000004\n}"),
        (JSONDumpOptions(indent: 2, sortKeys: true), "{\n  \"B\": 0.30000000000000004,\n  \"a\": {\n    \"z\": [],\n    \"\\u00e9\": \"\\u00fc\\ud83d\\ude00\\n\\t\\\"\\\\/\"\n  },\n  \"b\": [\n    1,\n    2.5,\n    null,\n    true,\n    false\n  ],\n  \"big\": 1e+16,\n  \"c\": {},\n  \"ctl\": \"\\u0000\\u001f\\u007f\\u0080\\u2028\\ud83d\\ude00\",\n  \"f\": 1000000000000000.0,\n  \"i\": -12345678901234,\n  \"inf\": Infinity,\n  \"n\": -0.0,\n  \"nan\": NaN,\n  \"ninf\": -Infinity,\n  \"x\": 1e-07\n}"),
        (JSONDumpOptions(sortKeys: true, ensureASCII: false), "{\"B\": 0.30000000000000004, \"a\": {\"z\": [], \"\u{e9}\": \"\u{fc}\u{1f600}\\n\\t\\\"\\\\/\"}, \"b\": [1, 2.5, null, true, false], \"big\": 1e+16, \"c\": {}, \"ctl\": \"\\u0000\\u001f\u{7f}\u{80}\u{2028}\u{1f600}\", \"f\": 1000000000000000.0, \"i\": -12345678901234, \"inf\": Infinity, \"n\": -0.0, \"nan\": NaN, \"ninf\": -Infinity, \"x\": 1e-07}"),
        (JSONDumpOptions(separators: (",", ":")), "{\"b\":[1,2.5,null,true,false],\"a\":{\"\\u00e9\":\"\\u00fc\\ud83d\\ude00\\n\\t\\\"\\\\/\",\"z\":[]},\"c\":{},\"x\":1e-07,\"big\":1e+16,\"n\":-0.0,\"f\":1000000000000000.0,\"inf\":Infinity,\"ninf\":-Infinity,\"nan\":NaN,\"i\":-12345678901234,\"ctl\":\"\\u0000\\u001f\\u007f\\u0080\\u2028\\ud83d\\ude00\",\"B\":0.30000000000000004}"),
        (JSONDumpOptions(indent: 0), "{\n\"b\": [\n1,\n2.5,\nnull,\ntrue,\nfalse\n],\n\"a\": {\n\"\\u00e9\": \"\\u00fc\\ud83d\\ude00\\n\\t\\\"\\\\/\",\n\"z\": []\n},\n\"c\": {},\n\"x\": 1e-07,\n\"big\": 1e+16,\n\"n\": -0.0,\n\"f\": 1000000000000000.0,\n\"inf\": Infinity,\n\"ninf\": -Infinity,\n\"nan\": NaN,\n\"i\": -12345678901234,\n\"ctl\": \"\\u0000\\u001f\\u007f\\u0080\\u2028\\ud83d\\ude00\",\n\"B\": 0.30000000000000004\n}"),
        (JSONDumpOptions(indentText: "\t", ensureASCII: false), "{\n\t\"b\": [\n\t\t1,\n\t\t2.5,\n\t\tnull,\n\t\ttrue,\n\t\tfalse\n\t],\n\t\"a\": {\n\t\t\"\u{e9}\": \"\u{fc}\u{1f600}\\n\\t\\\"\\\\/\",\n\t\t\"z\": []\n\t},\n\t\"c\": {},\n\t\"x\": 1e-07,\n\t\"big\": 1e+16,\n\t\"n\": -0.0,\n\t\"f\": 1000000000000000.0,\n\t\"inf\": Infinity,\n\t\"ninf\": -Infinity,\n\t\"nan\": NaN,\n\t\"i\": -12345678901234,\n\t\"ctl\": \"\\u0000\\u001f\u{7f}\u{80}\u{2028}\u{1f600}\",\n\t\"B\": 0.30000000000000004\n}"),
        (JSONDumpOptions(indent: 4, separators: (", ", " = ")), "{\n    \"b\" = [\n        1, \n        2.5, \n        null, \n        true, \n        false\n    ], \n    \"a\" = {\n        \"\\u00e9\" = \"\\u00fc\\ud83d\\ude00\\n\\t\\\"\\\\/\", \n        \"z\" = []\n    }, \n    \"c\" = {}, \n    \"x\" = 1e-07, \n    \"big\" = 1e+16, \n    \"n\" = -0.0, \n    \"f\" = 1000000000000000.0, \n    \"inf\" = Infinity, \n    \"ninf\" = -Infinity, \n    \"nan\" = NaN, \n    \"i\" = -12345678901234, \n    \"ctl\" = \"\\u0000\\u001f\\u007f\\u0080\\u2028\\ud83d\\ude00\", \n    \"B\" = 0.30000000000000004\n}"),
        ]
        for (index, (options, expected)) in cases.enumerated() {
            XCTAssertEqual(Self.sample.dumps(options), expected, "case \(index)")
        }
    }

    func testLoadsRoundTripsWhatDumpsWrote() throws {
        let text = Self.sample.dumps(JSONDumpOptions(indent: 2))
        XCTAssertEqual(try JSONValue.parse(text), Self.sample)
        XCTAssertEqual(try JSONValue.parse(text).dumps(JSONDumpOptions(indent: 2)), text)
    }

    func testNumbersStayExact() throws {
        XCTAssertEqual(try JSONValue.parse("8"), .int(8))
        XCTAssertEqual(try JSONValue.parse("8.0"), .double(8))
        XCTAssertEqual(try JSONValue.parse("-0"), .int(0))
        XCTAssertEqual(try JSONValue.parse("1E400"), .double(.infinity))
        XCTAssertEqual(try JSONValue.parse("9223372036854775807"), .int(Int.max))
        XCTAssertEqual(try JSONValue.parse("9223372036854775808"), .double(9223372036854775808.0))
        for text in ["0.1", "1e-07", "0.30000000000000004", "5e-324", "1.7976931348623157e+308", "123456789.123"] {
            let value = try JSONValue.parse(text)
            XCTAssertEqual(value.dumps(), text, "a float written back must read the same")
        }
    }

    func testObjectsKeepOrderAndPythonDuplicateRule() throws {
        let value = try JSONValue.parse(#"{"b": 1, "a": 2, "b": 3}"#)
        XCTAssertEqual(value.objectValue?.map(\.key), ["b", "a"])
        XCTAssertEqual(value["b"], .int(3))
        XCTAssertEqual(value.description, "{'b': 3, 'a': 2}")
    }

    func testSyntaxErrorsHavePythonsMessageAndPosition() {
        let cases: [(String, String?)] = [
            ("", "Expecting value: line 1 column 1 (char 0)"),
            ("[1,]", "Expecting value: line 1 column 4 (char 3)"),
            ("{\"a\":1,}", "Expecting property name enclosed in double quotes: line 1 column 8 (char 7)"),
            ("{\"a\" 1}", "Expecting ':' delimiter: line 1 column 6 (char 5)"),
            ("{\"a\":1 \"b\":2}", "Expecting ',' delimiter: line 1 column 8 (char 7)"),
            ("[1 2]", "Expecting ',' delimiter: line 1 column 4 (char 3)"),
            ("{\"a\": 1} x", "Extra data: line 1 column 10 (char 9)"),
            ("\"abc", "Unterminated string starting at: line 1 column 1 (char 0)"),
            ("\"a\\qb\"", "Invalid \\escape: line 1 column 3 (char 2)"),
            ("[01]", "Expecting ',' delimiter: line 1 column 3 (char 2)"),
            ("-", "Expecting value: line 1 column 1 (char 0)"),
            ("{1: 2}", "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"),
            ("[1,\n  tru]", "Expecting value: line 2 column 3 (char 6)"),
            ("\"\u{1}\"", "Invalid control character at: line 1 column 2 (char 1)"),
            ("\"\u{e9}\"  x", "Extra data: line 1 column 6 (char 5)"),
            ("[1.]", "Expecting ',' delimiter: line 1 column 3 (char 2)"),
            ("{\"a\": \"\\u12\"}", "Invalid \\uXXXX escape: line 1 column 9 (char 8)"),
        ]
        for (text, expected) in cases {
            do {
                _ = try JSONValue.parse(text)
                XCTAssertNil(expected, "\(text) should not parse")
            } catch let error as JSONDecodeError {
                XCTAssertEqual(error.message, expected, text)
                XCTAssertEqual(error.exceptionType, .valueError)
            } catch {
                XCTFail("unexpected \(error)")
            }
        }
    }

    func testLimits() {
        XCTAssertThrowsError(try JSONValue.parse(String(repeating: "[", count: 600) + String(repeating: "]", count: 600)))
        XCTAssertNoThrow(try JSONValue.parse(String(repeating: "[", count: 400) + String(repeating: "]", count: 400)))
        let shallow = JSONParser.Options(maximumDepth: 2)
        XCTAssertThrowsError(try JSONValue.parse("[[[1]]]", options: shallow))
        XCTAssertThrowsError(try JSONValue.parse("[1, 2, 3]", options: JSONParser.Options(maximumBytes: 4)))
        let strict = JSONParser.Options(allowNonFinite: false)
        for text in ["NaN", "Infinity", "-Infinity", "[NaN]"] {
            XCTAssertThrowsError(try JSONValue.parse(text, options: strict), text)
            XCTAssertNoThrow(try JSONValue.parse(text), text)
        }
        XCTAssertThrowsError(try JSONValue.parse(Data([0x22, 0xFF, 0x22])), "invalid UTF-8 in a string")
    }

    func testEscapesAndSurrogates() throws {
        XCTAssertEqual(try JSONValue.parse(#""\u00e9\ud83d\ude00\n\/\b\f""#), .string("\u{e9}\u{1F600}\n/\u{8}\u{c}"))
        XCTAssertEqual(try JSONValue.parse(#""\ud800x""#), .string("\u{FFFD}x"), "a lone surrogate becomes U+FFFD")
    }
}

/// `repr()` of strings and floats against CPython 3.11.
final class PythonReprTests: XCTestCase {
    func testStringReprMatchesCPython() {
        let cases: [(String, String)] = [
            ("it's", "\"it's\""),
            ("say \"hi\"", "'say \"hi\"'"),
            ("both ' and \"", "'both \\' and \"'"),
            ("\u{80}\u{9f}\u{a0}\u{ad}", "'\\x80\\x9f\\xa0\\xad'"),
            ("\u{200b}\u{2028}\u{feff}", "'\\u200b\\u2028\\ufeff'"),
            ("\u{e9}\u{1f600} ok", "'\u{e9}\u{1f600} ok'"),
            ("\u{0}\u{7f}\u{1b}", "'\\x00\\x7f\\x1b'"),
            ("\u{e0001}", "'\\U000e0001'"),
            ("\u{e000}", "'\\ue000'"),
            ("\u{10ffff}", "'\\U0010ffff'"),
            ("\u{378}", "'\\u0378'"),
            ("tab\there\u{d}\n", "'tab\\there\\r\\n'"),
            ("back\\slash", "'back\\\\slash'"),
            ("\u{3000}x", "'\\u3000x'"),
            ("\u{1f600}", "'\u{1f600}'"),
        ]
        for (text, expected) in cases { XCTAssertEqual(PythonRepr.string(text), expected) }
    }

    func testFloatReprMatchesCPython() {
        let cases: [(Double, String)] = [
            (0.1, "0.1"),
            (1e+16, "1e+16"),
            (1000000000000000.0, "1000000000000000.0"),
            (1e-05, "1e-05"),
            (0.0001, "0.0001"),
            (-0.0, "-0.0"),
            (5e-324, "5e-324"),
            (1.7976931348623157e+308, "1.7976931348623157e+308"),
            (1.2345678901234568e+17, "1.2345678901234568e+17"),
            (2.5e-05, "2.5e-05"),
            (0.3333333333333333, "0.3333333333333333"),
            (100.0, "100.0"),
            (9999999999999998.0, "9999999999999998.0"),
            (0.00012345, "0.00012345"),
            (1.5e-300, "1.5e-300"),
            (-2.5e+22, "-2.5e+22"),
            (3.0, "3.0"),
            (Double.infinity, "inf"), (-Double.infinity, "-inf"), (Double.nan, "nan"),
        ]
        for (value, expected) in cases { XCTAssertEqual(PythonRepr.float(value), expected, "\(value)") }
    }
}

/// MT19937 against `random.Random(seed)` sequences recorded from CPython 3.11.
final class MersenneTwisterTests: XCTestCase {
    typealias Record = (seed: Int, random: [Double], bits: [UInt64], ranges: [Int], shuffled: [Int], sample10: [Int],
                        sample100: [Int], sample1000: [Int], gauss: [Double], uniform: Double, choice: Int)

    static let records: [Record] = [
            (42, [0.6394267984578837, 0.025010755222666936, 0.27502931836911926], [0, 17, 3163119785, 743469555623, 16457808150190122675], [8, 92, 5, 70531617177], [6, 7, 2, 9, 5, 4, 8, 3, 1, 0], [8, 6, 3], [57, 75, 35, 0, 97], [825, 163, 714, 432, 348, 284, 159, 220, 980, 781], [-0.22838709153173462, 0.3774978663536918, 1.5921560920100537, 2.5536574893247517], 0.20745206273378214, 6),
            (0, [0.8444218515250481, 0.7579544029403025, 0.420571580830845], [0, 123, 2195908194, 444468675045, 14458531974522955699], [4, 994, 4, 619073466650], [9, 0, 3, 8, 6, 5, 7, 4, 1, 2], [1, 5, 7], [71, 12, 45, 55, 40], [625, 655, 934, 209, 989, 565, 488, 453, 886, 533], [-0.11912331108457304, 1.8043299319195407, -0.16036217905701025, 1.9746701431756386], 0.43940937280790826, 3),
            (-5, [0.6229016948897019, 0.7417869892607294, 0.7951935655656966], [1, 107, 3177840169, 1016412736670, 535051974151811365], [7, 797, 2, 114456474197], [7, 4, 9, 0, 6, 8, 3, 5, 1, 2], [0, 3, 6], [35, 23, 98, 49, 20], [780, 816, 73, 142, 632, 455, 129, 135, 1, 995], [0.47372921021952574, -0.49563043578442195, 0.6117699527587959, 3.3881507886955413], 0.7448155308736037, 2),
            (1099511627781, [0.5043802970418443, 0.2686044399723282, 0.9257865475671585], [1, 97, 3513130008, 866871574819, 16762889324647042136], [0, 172, 1, 524560929935], [9, 7, 8, 1, 4, 0, 5, 6, 3, 2], [1, 6, 0], [42, 99, 56, 36, 16], [724, 97, 834, 180, 681, 346, 58, 228, 825, 473], [1.3152260114602607, 1.190319838074032, 0.26074081367036234, 2.6813851041527306], 0.23354815809217921, 3),
            (12345678901234, [0.02504137575317178, 0.14532691110186335, 0.42619782335934575], [0, 123, 3085119107, 1067272678367, 3636240333924599768], [2, 786, 3, 515337503327], [8, 6, 3, 4, 1, 0, 2, 7, 9, 5], [6, 8, 1], [19, 65, 48, 99, 28], [696, 412, 713, 44, 705, 495, 73, 939, 685, 235], [0.06230233407770685, 0.3205664851362002, 1.2654314691724502, 2.508300373500424], 0.23501618121130696, 2),
    ]

    func testSequencesMatchCPython() {
        for record in Self.records {
            var generator = MersenneTwister(seed: record.seed)
            XCTAssertEqual((0..<3).map { _ in generator.random() }, record.random, "seed \(record.seed)")
            XCTAssertEqual([1, 7, 32, 40, 64].map { generator.getrandbits($0) }, record.bits, "seed \(record.seed)")
            let ranges = [generator.randrange(0, 10), generator.randrange(3, 1000), generator.randint(1, 6), generator.randrange(0, 1 << 40)]
            XCTAssertEqual(ranges, record.ranges, "seed \(record.seed)")
            var items = Array(0..<10)
            generator.shuffle(&items)
            XCTAssertEqual(items, record.shuffled, "seed \(record.seed)")
            XCTAssertEqual(generator.sampleIndices(populationSize: 10, count: 3), record.sample10, "seed \(record.seed)")
            XCTAssertEqual(generator.sampleIndices(populationSize: 100, count: 5), record.sample100, "seed \(record.seed)")
            XCTAssertEqual(generator.sampleIndices(populationSize: 1000, count: 10), record.sample1000, "seed \(record.seed)")
            let gauss = [generator.gauss(), generator.gauss(), generator.gauss(), generator.gauss(mu: 2, sigma: 0.5)]
            XCTAssertEqual(gauss, record.gauss, "seed \(record.seed)")
            XCTAssertEqual(generator.uniform(-1, 1), record.uniform, "seed \(record.seed)")
            XCTAssertEqual(generator.randbelow(7), record.choice, "seed \(record.seed)")
        }
    }

    func testReseedingRestartsTheSequence() {
        var generator = MersenneTwister(seed: 7)
        let first = (0..<5).map { _ in generator.nextUInt32() }
        _ = generator.gauss()
        generator.seed(7)
        XCTAssertEqual((0..<5).map { _ in generator.nextUInt32() }, first)
        var fromUnsigned = MersenneTwister(seed: UInt64(42))
        XCTAssertEqual(fromUnsigned.permutation(10), [7, 3, 2, 8, 5, 6, 9, 4, 0, 1])
        XCTAssertEqual(generator.getrandbits(0), 0)
    }
}
