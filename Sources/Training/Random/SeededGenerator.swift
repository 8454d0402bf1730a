/// A deterministic random source for data shuffling and splitting.
///
/// The Training layer only needs raw 32/64-bit draws; everything else (bounded integers,
/// permutations) is built on them here, so another generator (e.g. TensorCore's, once it exists)
/// can be swapped in by conforming to this protocol. Same seed → same sequence, on every machine.
public protocol SeededGenerator {
    /// A generator seeded from `seed` (a non-negative integer, as Python's `seed=` arguments).
    init(seed: UInt64)
    mutating func nextUInt64() -> UInt64
    mutating func nextUInt32() -> UInt32
    /// A shuffled `0..<n`. The default is numpy's `Generator.permutation`; a generator that mirrors
    /// another library (e.g. Python's `random.shuffle`) overrides it.
    mutating func permutation(_ n: Int) -> [Int]
}

extension SeededGenerator {
    /// A uniform integer in `0...upperBound` by masked rejection (numpy's `random_interval`).
    public mutating func interval(_ upperBound: UInt64) -> UInt64 {
        if upperBound == 0 { return 0 }
        var mask = upperBound
        mask |= mask >> 1; mask |= mask >> 2; mask |= mask >> 4
        mask |= mask >> 8; mask |= mask >> 16; mask |= mask >> 32
        if upperBound <= 0xFFFF_FFFF {
            while true {
                let value = UInt64(nextUInt32()) & mask
                if value <= upperBound { return value }
            }
        }
        while true {
            let value = nextUInt64() & mask
            if value <= upperBound { return value }
        }
    }

    /// A uniform integer in `0...upperBound` by Lemire's multiply-shift method
    /// (numpy's `random_bounded_uint64` without masking).
    public mutating func bounded(_ upperBound: UInt64) -> UInt64 {
        if upperBound == 0 { return 0 }
        if upperBound < 0xFFFF_FFFF {
            let rangeExcl = UInt32(upperBound) + 1
            var product = UInt64(nextUInt32()) * UInt64(rangeExcl)
            var leftover = UInt32(truncatingIfNeeded: product)
            if leftover < rangeExcl {
                let threshold = (0 &- rangeExcl) % rangeExcl
                while leftover < threshold {
                    product = UInt64(nextUInt32()) * UInt64(rangeExcl)
                    leftover = UInt32(truncatingIfNeeded: product)
                }
            }
            return product >> 32
        }
        if upperBound == 0xFFFF_FFFF { return UInt64(nextUInt32()) }
        if upperBound == UInt64.max { return nextUInt64() }
        let rangeExcl = upperBound + 1
        var product = nextUInt64().multipliedFullWidth(by: rangeExcl)
        if product.low < rangeExcl {
            let threshold = (0 &- rangeExcl) % rangeExcl
            while product.low < threshold { product = nextUInt64().multipliedFullWidth(by: rangeExcl) }
        }
        return product.high
    }

    /// Shuffles `items` in place (Fisher–Yates from the end, numpy `Generator.shuffle` order).
    public mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, through: 1, by: -1) {
            let j = Int(interval(UInt64(i)))
            items.swapAt(i, j)
        }
    }

    /// `numpy.random.default_rng(seed).permutation(n)`: a shuffled `0..<n`.
    public mutating func permutation(_ n: Int) -> [Int] {
        var indices = Array(0..<max(0, n))
        shuffle(&indices)
        return indices
    }

    /// `Generator.choice(population, size, replace=False)` as numpy does it: Floyd's algorithm then a
    /// shuffle of the pick, or (large populations, large picks) a partial tail shuffle.
    public mutating func choiceWithoutReplacement(_ population: [Int], count: Int) -> [Int] {
        let n = population.count
        let size = min(max(0, count), n)
        if size == 0 { return [] }
        if n > 10_000 && size > n / 50 {
            var idx = Array(0..<n)
            for i in stride(from: n - 1, through: max(n - size, 1), by: -1) {
                idx.swapAt(i, Int(bounded(UInt64(i))))
            }
            return idx[(n - size)...].map { population[$0] }
        }
        var picked: [Int] = []
        var seen = Set<Int>()
        for j in (n - size)..<n {
            var value = Int(bounded(UInt64(j)))
            if seen.contains(value) { value = j }
            seen.insert(value)
            picked.append(value)
        }
        if size > 1 {
            for i in stride(from: size - 1, through: 1, by: -1) { picked.swapAt(i, Int(bounded(UInt64(i)))) }
        }
        return picked.map { population[$0] }
    }
}

/// The generator datasets use by default: numpy's `default_rng` (PCG64 seeded through SeedSequence),
/// so `shuffle(seed:)` and `trainTestSplit(seed:)` give the same order as Hugging Face `datasets`.
public typealias DefaultDataGenerator = NumpyPCG64
