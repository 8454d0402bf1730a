// libFuzzer harness: tokenizer.json / vocab.txt loading and encoding (module Tokenizers, see
// scripts/fuzz.sh). The first byte picks the file (even: tokenizer.json, odd: vocab.txt); a loaded
// tokenizer encodes and decodes a fixed text. Promise checked: an error or a result, never a trap.
import Foundation

/// The loader reads a folder, so each input is written to a file first: in memory (/dev/shm) when there is one, since
/// Foundation's write on a disk-backed /tmp spent more time in the file system than the tokenizer spent loading.
private let folder: URL = {
    let shm = URL(fileURLWithPath: "/dev/shm", isDirectory: true)
    let base = FileManager.default.isWritableFile(atPath: shm.path) ? shm : FileManager.default.temporaryDirectory
    let url = base.appendingPathComponent("lorarepl-fuzz-tokenizer-\(getpid())")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func tokenizerFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let body = Data(bytes: data + 1, count: size - 1)
    let json = folder.appendingPathComponent("tokenizer.json"), vocab = folder.appendingPathComponent("vocab.txt")
    try? FileManager.default.removeItem(at: json)
    try? FileManager.default.removeItem(at: vocab)
    try? body.write(to: data[0] % 2 == 0 ? json : vocab)
    guard let tokenizer = try? loadTokenizer(from: folder) else { return 0 }
    if let encoding = try? tokenizer.encode("Hello, wörld! 你好 🙂 [CLS] don't", addSpecialTokens: true) {
        _ = tokenizer.decode(encoding.ids, skipSpecialTokens: false)
        _ = tokenizer.decode([0, 1, 2, 3, 100, -1, Int.max], skipSpecialTokens: true)
    }
    return 0
}
