/// NumPy/PyTorch broadcasting of two shapes, written once for tensors and numpy arrays: shapes are
/// aligned on the right, and a dimension of size 1 (or a missing one) stretches to match the other.
public enum BroadcastShapes {
    /// The first dimension (counted in the result, from the left) where two shapes cannot broadcast.
    public struct Mismatch: Error, Equatable {
        public let position: Int
        public let left: Int
        public let right: Int
    }

    /// The broadcast result of `a` and `b`, or the first mismatching dimension.
    public static func result(_ a: [Int], _ b: [Int]) -> Result<[Int], Mismatch> {
        let rank = max(a.count, b.count)
        var result = [Int](repeating: 1, count: rank)
        for position in 0..<rank {
            let left = position < rank - a.count ? 1 : a[position - (rank - a.count)]
            let right = position < rank - b.count ? 1 : b[position - (rank - b.count)]
            guard left == right || left == 1 || right == 1 else {
                return .failure(Mismatch(position: position, left: left, right: right))
            }
            result[position] = left == 1 ? right : left
        }
        return .success(result)
    }
}
