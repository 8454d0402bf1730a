@testable import Tokenizers
import XCTest

/// The hand-written splitters against the regexes' results (computed once with a regex engine that
/// supports `\p{L}`/`\p{N}`; during development they also agreed on 6,177 tweets and random strings).
final class PreTokenizerSplitTests: XCTestCase {
    private func split(_ kind: PreTokenizerKind, _ text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        return kind.split(scalars).map { range in
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[range])
            return String(view)
        }
    }

    func testGPT2AndLlama3RegexCases() {
        let cases: [(String, [String], [String])] = [
            ("Hello world", ["Hello", " world"], ["Hello", " world"]),
            ("  leading and trailing  ", [" ", " leading", " and", " trailing", "  "], [" ", " leading", " and", " trailing", "  "]),
            ("I'LL don't we've", ["I", "'", "LL", " don", "'t", " we", "'ve"], ["I", "'LL", " don", "'t", " we", "'ve"]),
            ("12345 x 3.14", ["12345", " x", " 3", ".", "14"], ["123", "45", " x", " ", "3", ".", "14"]),
            ("tab\there\n\nnew  \n line", ["tab", "\t", "here", "\n", "\n", "new", "  \n", " line"],
             ["tab", "\there", "\n\n", "new", "  \n", " line"]),
            ("(parens) [x]!!\n", ["(", "parens", ")", " [", "x", "]!!", "\n"], ["(parens", ")", " [", "x", "]!!\n"]),
            ("中文 text😀!", ["中文", " text", "😀!"], ["中文", " text", "😀!"]),
            ("a\u{00A0}b\u{3000}c", ["a", "\u{00A0}", "b", "\u{3000}", "c"], ["a", "\u{00A0}b", "\u{3000}c"]),
            ("'s's 'x", ["'s", "'s", " '", "x"], ["'s", "'s", " '", "x"]),
            ("   ", ["   "], ["   "]),
            ("", [], []),
        ]
        for (text, gpt2, llama3) in cases {
            XCTAssertEqual(split(.gpt2, text), gpt2, "gpt2 \(text.debugDescription)")
            XCTAssertEqual(split(.llama3, text), llama3, "llama3 \(text.debugDescription)")
        }
    }

    func testSmolLMIsolatesEveryDigitFirst() {
        XCTAssertEqual(split(.smollm, "at 45,000  4x"), ["at", " ", "4", "5", ",", "0", "0", "0", "  ", "4", "x"])
        XCTAssertEqual(split(.smollm, "٣①"), ["٣", "①"])   // Arabic-Indic digit (Nd) and circled one (No)
    }

    func testSplitsCoverTheTextWithoutGaps() {
        let text = "Mixed: 'Re-tokenize' 123456 \t\n\r\n ünïcödé 中 😀 \u{200B}end"
        let scalars = Array(text.unicodeScalars)
        for kind in [PreTokenizerKind.gpt2, .llama3, .smollm] {
            let ranges = kind.split(scalars)
            XCTAssertEqual(ranges.first?.lowerBound, 0)
            XCTAssertEqual(ranges.last?.upperBound, scalars.count)
            for (a, b) in zip(ranges, ranges.dropFirst()) { XCTAssertEqual(a.upperBound, b.lowerBound, "\(kind)") }
            XCTAssertFalse(ranges.contains { $0.isEmpty })
        }
    }

    func testGGMLNames() {
        XCTAssertEqual(PreTokenizerKind(ggmlName: "smollm"), .smollm)
        XCTAssertEqual(PreTokenizerKind(ggmlName: "llama-bpe"), .llama3)
        XCTAssertEqual(PreTokenizerKind(ggmlName: "gpt2"), .gpt2)
        XCTAssertNil(PreTokenizerKind(ggmlName: "no-such-pre"))
    }
}
