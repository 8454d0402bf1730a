import Foundation
import TestSupport
@testable import Tokenizers
import XCTest

/// Tokenization throughput on the 38k demo tweets. A benchmark, not a timed test: it runs only with
/// `LORAREPL_BENCH=1` (use a release build: `LORAREPL_BENCH=1 swift test -c release --filter ThroughputBenchmark`).
final class ThroughputBenchmark: XCTestCase {
    /// The third column of a CSV file (RFC 4180 quoting), skipping the header row.
    static func thirdColumn(of text: String) -> [String] {
        var rows: [String] = []
        var field = "", column = 0, inQuotes = false, isHeader = true
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = iterator.next()
        while let c = pending {
            pending = iterator.next()
            if inQuotes {
                if c == "\"" {
                    if pending == "\"" { field.unicodeScalars.append("\""); pending = iterator.next() } else { inQuotes = false }
                } else {
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" {
                inQuotes = true
            } else if c == "," {
                if column == 2, !isHeader { rows.append(field) }
                column += 1
                field = ""
            } else if c == "\n" || c == "\r" {
                if c == "\r", pending == "\n" { pending = iterator.next() }
                if column == 2, !isHeader { rows.append(field) }
                isHeader = false
                column = 0
                field = ""
            } else {
                field.unicodeScalars.append(c)
            }
        }
        if column == 2, !isHeader { rows.append(field) }
        return rows
    }

    func testCSVThirdColumn() {
        XCTAssertEqual(Self.thirdColumn(of: "a,b,text\nx,1,\"hi, \"\"you\"\"\"\ny,2,plain\r\nz,3,\"multi\nline\"\n"),
                       ["hi, \"you\"", "plain", "multi\nline"])
    }

    func testTokenizationThroughput() throws {
        guard ProcessInfo.processInfo.environment["LORAREPL_BENCH"] == "1" else {
            throw XCTSkip("benchmark: set LORAREPL_BENCH=1 and use a release build to run it")
        }
        guard let csv = Fixtures.demoAsset("data/tweet_sentiment.csv"),
              let miniLM = Fixtures.demoAsset(WordPieceFixtureTests.modelDir) else { throw XCTSkip("demo assets missing") }
        let data = try Data(contentsOf: csv)
        let text = try XCTUnwrap(String(data: data, encoding: .isoLatin1))
        let tweets = Self.thirdColumn(of: text)
        XCTAssertGreaterThan(tweets.count, 30_000)
        let characters = tweets.reduce(0) { $0 + $1.unicodeScalars.count }

        /// Wall time and this thread's CPU time (the machine is shared, so CPU time is the steadier figure).
        func cpuSeconds() -> Double {
            var ts = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
            return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
        }
        func measure(_ label: String, _ body: () throws -> Int) rethrows {
            let start = DispatchTime.now().uptimeNanoseconds
            let cpuStart = cpuSeconds()
            let tokens = try body()
            let cpu = cpuSeconds() - cpuStart
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            print(String(format: "BENCH %@: %d tweets, %d tokens; wall %.2f s, CPU %.2f s = %.0f tweets/s, %.2f M tokens/s (per CPU second)",
                         label, tweets.count, tokens, seconds, cpu, Double(tweets.count) / cpu, Double(tokens) / cpu / 1e6))
        }
        print("BENCH input: \(tweets.count) tweets, \(characters) characters")

        var wordPiece = try WordPieceTokenizer(directory: miniLM)
        try measure("WordPiece encode, cold cache") { try tweets.reduce(0) { $0 + (try wordPiece.encode($1).count) } }
        try measure("WordPiece encode, warm cache") { try tweets.reduce(0) { $0 + (try wordPiece.encode($1).count) } }
        wordPiece = try WordPieceTokenizer(directory: miniLM)
        try measure("WordPiece encodeBatch(32, padding longest, truncation 128), cold") {
            var total = 0
            var start = 0
            while start < tweets.count {
                let batch = try wordPiece.encodeBatch(Array(tweets[start..<min(start + 32, tweets.count)]), padding: .longest,
                                                      truncation: .longestFirst, maxLength: 128)
                total += batch.inputIds.reduce(0) { $0 + $1.count }
                start += 32
            }
            return total
        }
        let loadStart = DispatchTime.now().uptimeNanoseconds
        let (bpeLoaded, _) = try SmolLM2Tokenizer.load(.transformers)
        print(String(format: "BENCH SmolLM2 tokenizer from GGUF metadata: %.3f s", Double(DispatchTime.now().uptimeNanoseconds - loadStart) / 1e9))
        let bpe = bpeLoaded
        measure("byte-level BPE (SmolLM2) encode, cold cache") { tweets.reduce(0) { $0 + bpe.tokenizeToIds($1).count } }
        measure("byte-level BPE (SmolLM2) encode, warm cache") { tweets.reduce(0) { $0 + bpe.tokenizeToIds($1).count } }
        measure("byte-level BPE decode") { tweets.prefix(10_000).reduce(0) { $0 + bpe.decode(bpe.tokenizeToIds($1)).count } }
    }
}
