import Foundation
import TensorCore
import WeightIO

/// Reading and writing plain `.safetensors` files of named tensors (`safetensors.torch.load_file` /
/// `save_file`): float dtypes become `Tensor`, integer dtypes `IntTensor`.
public enum TensorFile {
    /// Every float tensor of a file (F32/F16/BF16 converted to fp32), by name.
    public static func loadFloats(_ url: URL) throws -> [String: Tensor] {
        let file = try open(url)
        var result: [String: Tensor] = [:]
        for info in file.tensors where info.dtype.isFloatingPoint {
            result[info.name] = try Tensor(shape: info.shape, values: file.floats(info.name))
        }
        return result
    }

    /// Every integer tensor of a file (I32, I64 narrowed to Int32), by name.
    public static func loadInts(_ url: URL) throws -> [String: IntTensor] {
        let file = try open(url)
        var result: [String: IntTensor] = [:]
        for info in file.tensors where !info.dtype.isFloatingPoint {
            result[info.name] = try IntTensor(shape: info.shape, values: file.int32s(info.name))
        }
        return result
    }

    /// Writes float tensors atomically (sorted, `{"format": "pt"}` metadata), like `save_file`.
    public static func save(_ tensors: [(name: String, tensor: Tensor)], to url: URL, metadata: [String: String] = ["format": "pt"],
                            storedAs dtype: SafetensorsDType = .f32) throws {
        try SafetensorsWriter.write(try tensors.map { try SafetensorsTensor(name: $0.name, shape: $0.tensor.shape, floats: $0.tensor.toArray(), storedAs: dtype) },
                                    metadata: metadata, to: url)
    }

    private static func open(_ url: URL) throws -> SafetensorsFile {
        do { return try SafetensorsFile(url: url) } catch { throw ModelError("cannot read \(url.path): \(error)", cause: error) }
    }
}
