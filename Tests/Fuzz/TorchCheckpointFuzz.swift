// libFuzzer harness: PyTorch checkpoints (built into module WeightIO by scripts/fuzz.sh, so it reaches the
// internal zip reader and the weights-only unpickler). Promise checked: any bytes give a value or a
// WeightIOError, never a trap, a read out of bounds or a runaway allocation; a value read is also written
// back (the writer must take whatever the reader gives). Byte 0 picks the input: 0 a whole file; 1 a
// data.pkl alone, its storages served from a zeroed 64 KiB buffer (to reach deep into the unpickler).
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func torchCheckpointFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let body = Data(bytes: data + 1, count: size - 1)
    var value: PickleValue?
    if data[0] % 2 == 0 {
        value = try? TorchCheckpoint.read(OwnedBytes(body), count: body.count, name: "fuzz.pt")
    } else {
        let zeros = OwnedBytes(Data(count: 1 << 16))
        value = body.withUnsafeBytes { bytes in
            var reader = PickleReader(bytes, file: "fuzz.pkl") { request in
                guard request.count >= 0, request.count <= (1 << 16) / request.type.byteSize else {
                    throw WeightIOError(.truncatedData, "storage too large")
                }
                return TorchStorage(type: request.type, count: request.count, owner: zeros, byteOffset: 0)
            }
            return try? reader.load()
        }
    }
    if let value { _ = try? TorchCheckpoint.encode(value) }
    return 0
}
