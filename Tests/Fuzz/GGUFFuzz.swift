// libFuzzer harness: GGUF headers and dequantization (module WeightIO, see scripts/fuzz.sh).
// Promise checked: any bytes give a header or a WeightIOError; dequantizing the bytes after a type byte
// as that type never reads or writes out of bounds (ASan) and never traps.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func ggufFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    _ = try? GGUFHeader.parse(bytes, file: "fuzz.gguf")
    // Dequantization: first byte picks the type, the rest is block data.
    guard size > 1, let type = GGMLType(rawValue: UInt32(data[0] % 40)), type.canDequantize, type.blockByteCount > 0 else { return 0 }
    let blocks = (size - 1) / type.blockByteCount
    guard blocks > 0 else { return 0 }
    let count = blocks * type.blockSize
    let output = UnsafeMutablePointer<Float>.allocate(capacity: count)
    defer { output.deallocate() }
    try? GGMLDequantizer.dequantize(type, from: UnsafeRawPointer(data + 1), count: count, into: output)
    return 0
}
