/// Which parts of the `[T, S]` score matrices attention must compute.
///
/// With a causal mask, query t sees only keys ≤ t + S − T, so about half of every `[T, S]` matrix is
/// masked. The query rows are cut into tiles of `rows` (and the keys likewise for the key/value
/// gradients); each tile's products stop at the last key its rows can see (`Q·Kᵀ`, `P·V`, `dO·Vᵀ`,
/// `dS·K`) or start at the first query that sees its keys (`dSᵀ·Q`, `P̃ᵀ·dO`). The skipped terms are
/// exact zeros, so results equal the untiled products. A row whose keys are all masked (left padding
/// before the first token) attends uniformly to every key, as Hugging Face's additive mask does; the
/// tiles holding such rows keep the full width.
struct AttentionTiles {
    /// Tile height used when the model does not ask otherwise.
    static let defaultRows = 32

    let queryLength: Int
    let keyLength: Int
    let causal: Bool
    /// Keys beyond the queries (`S − T`, the cache length in generation); query t sees keys ≤ t + shift.
    let shift: Int
    /// Per batch row: the first key the padding mask keeps (`S` when none).
    let firstKeys: [Int]
    /// Query rows below this may attend uniformly (every key they see is masked) in some batch row.
    let uniformRowsEnd: Int
    /// Query (and key) tiles: one tile covering everything when not causal or too short to gain.
    let queryTiles: [Range<Int>]
    let keyTiles: [Range<Int>]

    init(batch: Int, queryLength: Int, keyLength: Int, causal: Bool, paddingMask: [Int32]?, rows: Int = defaultRows) {
        self.queryLength = queryLength
        self.keyLength = keyLength
        self.causal = causal
        shift = keyLength - queryLength
        firstKeys = (0..<batch).map { b in
            guard let paddingMask else { return 0 }
            return (0..<keyLength).first { paddingMask[b * keyLength + $0] != 0 } ?? keyLength
        }
        let latestFirstKey = firstKeys.max() ?? 0
        uniformRowsEnd = causal ? Swift.min(queryLength, Swift.max(0, latestFirstKey - shift))
                                : (latestFirstKey >= keyLength ? queryLength : 0)
        let size = Swift.max(1, rows)
        func tiles(_ length: Int) -> [Range<Int>] {
            guard causal, size <= length / 2 else { return [0..<length] }
            return stride(from: 0, to: length, by: size).map { $0..<Swift.min(length, $0 + size) }
        }
        queryTiles = tiles(queryLength)
        keyTiles = tiles(keyLength)
    }

    /// One past the last key query `t` may see (before the padding mask).
    @inline(__always) func visibleEnd(_ t: Int) -> Int {
        causal ? Swift.min(keyLength, Swift.max(0, t + shift + 1)) : keyLength
    }

    /// One past the last key with a non-zero weight in row (`batch`, `t`): the visible end, or every key
    /// when the row attends uniformly.
    @inline(__always) func weightEnd(batch: Int, _ t: Int) -> Int {
        let end = visibleEnd(t)
        return firstKeys[batch] >= end ? keyLength : end
    }

    /// Score columns the rows of `tile` need (`Q·Kᵀ`): every key they may see.
    func scoreColumns(_ tile: Range<Int>) -> Int {
        tile.isEmpty ? 0 : visibleEnd(tile.upperBound - 1)
    }

    /// Keys with a non-zero weight in some row of `tile` (`P·V`, `dO·Vᵀ`, `dS·K`).
    func weightColumns(_ tile: Range<Int>) -> Int {
        tile.lowerBound < uniformRowsEnd ? keyLength : scoreColumns(tile)
    }

    /// The first query row with a non-zero weight on some key of `keys` (`dSᵀ·Q`, `P̃ᵀ·dO`).
    func firstQuery(_ keys: Range<Int>) -> Int {
        guard causal, uniformRowsEnd == 0 else { return 0 }
        return Swift.min(queryLength, Swift.max(0, keys.lowerBound - shift))
    }
}

extension MatrixLayout {
    /// Element offset of row `row` of the (logical, possibly transposed) matrix.
    @inline(__always) func rowOffset(_ row: Int) -> Int { transposed ? row : row * leadingDimension }
}
