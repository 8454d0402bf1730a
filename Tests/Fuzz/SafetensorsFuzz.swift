// libFuzzer harness: safetensors headers (built into module WeightIO by scripts/fuzz.sh, so it reaches
// the internal parser). Promise checked: any bytes give a header or a WeightIOError, never a trap.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func safetensorsFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    _ = try? SafetensorsHeader.parse(bytes, file: "fuzz.safetensors")
    return 0
}
