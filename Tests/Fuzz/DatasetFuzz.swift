// libFuzzer harness: CSV / JSON / JSON-lines data files (module Training's Data and Support folders, see
// scripts/fuzz.sh). Byte 0 picks the reader (0: CSV, 1: TSV, 2: CSV skipping bad lines, 3: JSON / JSON lines,
// others: CSV); the rest is the file, decoded as `load_dataset` does (BOM, UTF-8 or a Latin-1 guess). A dataset
// that loads is printed and its rows read. Promise checked: a `Dataset` or a `TrainingError`, never a trap.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func datasetFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let raw = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    var notes: [String] = []
    guard let decoded = try? TextDecoding.utf8Bytes(raw, encoding: .auto, fileName: "fuzz.csv") else { return 0 }
    let dataset: Dataset?
    switch data[0] % 8 {
    case 1: dataset = try? CSVLoader.load(decoded.bytes, delimiter: 0x09, fileName: "fuzz.tsv", onBadLines: .error, notes: &notes)
    case 2: dataset = try? CSVLoader.load(decoded.bytes, delimiter: 0x2C, fileName: "fuzz.csv", onBadLines: .skip, notes: &notes)
    case 3: dataset = try? JSONLoader.load(decoded.bytes, fileName: "fuzz.json")
    default: dataset = try? CSVLoader.load(decoded.bytes, delimiter: 0x2C, fileName: "fuzz.csv", onBadLines: .error, notes: &notes)
    }
    guard let dataset else { return 0 }
    _ = dataset.description
    for index in 0..<min(dataset.count, 64) { _ = try? dataset.row(index) }
    _ = try? dataset.row(dataset.count)
    _ = try? dataset.row(-1)
    return 0
}
