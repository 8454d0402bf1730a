import Foundation
import XCTest

/// Reads a `.jsonl` fixture into dictionaries, failing the test on a malformed line.
func readJSONLines(_ url: URL, file: StaticString = #filePath, line: UInt = #line) throws -> [[String: Any]] {
    let text = try String(contentsOf: url, encoding: .utf8)
    var rows: [[String: Any]] = []
    for (number, raw) in text.split(separator: "\n").enumerated() where !raw.isEmpty {
        guard let row = try JSONSerialization.jsonObject(with: Data(raw.utf8)) as? [String: Any] else {
            XCTFail("line \(number + 1) of \(url.lastPathComponent) is not a JSON object", file: file, line: line)
            continue
        }
        rows.append(row)
    }
    return rows
}

func intArray(_ value: Any?) -> [Int]? {
    (value as? [Any])?.compactMap { ($0 as? NSNumber)?.intValue }
}
