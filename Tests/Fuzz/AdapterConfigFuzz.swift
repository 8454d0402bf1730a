// libFuzzer harness: `adapter_config.json` (module PEFT's config files, see scripts/fuzz.sh). The input is the
// file's text; a config that loads is written back as PEFT writes it and read again. Promise checked: a
// `LoraConfig` or a `PeftError`, never a trap; what loads round-trips (write → read → write is identical).
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func adapterConfigFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    // Warnings (unknown keys, no peft_type) are built as usual but not printed: writing them cost more than parsing.
    PeftWarnings.handler = { _ in }
    guard let config = try? LoraConfig.fromJSON(text) else { return 0 }
    let written = config.jsonText()
    guard let again = try? LoraConfig.fromJSON(written) else { fatalError("written adapter_config.json does not load:\n\(written)") }
    let rewritten = again.jsonText()
    if rewritten != written { fatalError("adapter_config.json round trip differs:\n\(written)\n---\n\(rewritten)") }
    return 0
}
