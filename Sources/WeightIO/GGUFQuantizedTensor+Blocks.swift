/// Raw access for kernels that compute on the stored blocks directly (the decoder's integer products).
extension GGUFQuantizedTensor {
    /// The first byte of stored row 0, valid while this value (which holds its storage) is alive; nil for
    /// an empty tensor.
    public var storedBase: UnsafeRawPointer? { storage.base.map { $0 + base } }

    /// The stored row each logical row reads (nil: the identity), e.g. after undoing llama.cpp's Q/K permutation.
    public var storedRowOrder: [Int]? { rowOrder }
}
