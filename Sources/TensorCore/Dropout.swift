import CKernels
/// Inverted dropout with the seeded generator: zeroes each element with probability `p` and
/// scales the rest by 1/(1−p).
///
/// One draw from `generator` per call seeds the mask; the mask is then generated in fixed
/// blocks of 4096 elements, each from its own stream (`seed + block`), so the result does not
/// depend on how many cores run it and the same seed always gives the same mask.
extension Tensor {
    static let dropoutBlock = 4_096

    /// Writes the keep-mask (0 or 1/(1−p)) and `input · mask` for `count` values, in parallel
    /// blocks seeded from one draw of `generator`.
    static func fillDropout(_ input: UnsafePointer<Float>, mask: UnsafeMutablePointer<Float>, output: UnsafeMutablePointer<Float>,
                            count total: Int, p: Float, generator: RandomGenerator) {
        let keepScale = 1 / (1 - p)
        let seed = generator.next()
        let block = Tensor.dropoutBlock
        let blocks = (total + block - 1) / block
        // `nextUniform() >= p` compared in integers: the uniform is k / 2²⁴ with k = the top 24 bits, and
        // k / 2²⁴ ≥ p exactly when k ≥ ⌈p · 2²⁴⌉ (p · 2²⁴ is exact in Float). Same mask, no
        // UInt64 → Float conversion per element.
        let threshold = UInt64((p * 16_777_216).rounded(.up))
        // On AVX-512 CPUs, groups of eight blocks run in CKernels' lr_dropout.c (eight streams in 64-bit
        // lanes); then full groups of four blocks step their four streams side by side (four independent
        // dependency chains, in AVX2 lanes); what is left runs one block at a time. Every block still
        // draws from its own stream in order, so the mask is the same either way.
        let eights = lrd_available() != 0 ? total / (8 * block) : 0
        Parallel.forEach(eights, minimumPerChunk: 1) { range in
            for group in range {
                _ = lrd_fill_eight_blocks(input, mask, output, Int64(group * 8 * block), Int64(group * 8), seed, threshold, keepScale)
            }
        }
        let firstFour = eights * 8
        let groups = (total - firstFour * block) / (4 * block)
        Parallel.forEach(groups, minimumPerChunk: 1) { range in
            for group in range {
                fillDropoutGroup(input, mask: mask, output: output, start: (firstFour + group * 4) * block, firstBlock: firstFour + group * 4,
                                 seed: seed, threshold: threshold, keepScale: keepScale)
            }
        }
        let firstSingle = firstFour + groups * 4
        Parallel.forEach(blocks - firstSingle, minimumPerChunk: 2) { range in
            for blockIndex in (firstSingle + range.lowerBound)..<(firstSingle + range.upperBound) {
                var stream = Xoshiro256StarStar(seed: seed &+ UInt64(blockIndex))
                let end = Swift.min(total, (blockIndex + 1) * block)
                for index in (blockIndex * block)..<end {
                    let keep: Float = (stream.next() >> 40) >= threshold ? keepScale : 0
                    mask[index] = keep
                    output[index] = input[index] * keep
                }
            }
        }
    }

    /// Four whole blocks (`firstBlock …+3`, starting at element `start`), their xoshiro256** streams
    /// stepped together in SIMD lanes (x·5 and x·9 as shifts and adds, which AVX2 has for 64-bit lanes).
    @inline(__always)
    private static func fillDropoutGroup(_ input: UnsafePointer<Float>, mask: UnsafeMutablePointer<Float>,
                                         output: UnsafeMutablePointer<Float>, start: Int, firstBlock: Int,
                                         seed: UInt64, threshold: UInt64, keepScale: Float) {
        let block = Tensor.dropoutBlock
        var s0 = SIMD4<UInt64>(), s1 = SIMD4<UInt64>(), s2 = SIMD4<UInt64>(), s3 = SIMD4<UInt64>()
        for lane in 0..<4 {
            let words = Xoshiro256StarStar(seed: seed &+ UInt64(firstBlock + lane)).words
            s0[lane] = words.0; s1[lane] = words.1; s2[lane] = words.2; s3[lane] = words.3
        }
        for offset in 0..<block {
            let x = (s1 &<< 2) &+ s1  // s1 · 5
            let rotated = (x &<< 7) | (x &>> 57)
            let result = (rotated &<< 3) &+ rotated  // · 9
            let t = s1 &<< 17
            s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
            s2 ^= t
            s3 = (s3 &<< 45) | (s3 &>> 19)
            let bits = result &>> 40
            for lane in 0..<4 {
                let index = start + lane * block + offset
                let keep: Float = bits[lane] >= threshold ? keepScale : 0
                mask[index] = keep
                output[index] = input[index] * keep
            }
        }
    }

    /// Identity when `training` is false or `p == 0`.
    public func dropout(p: Float, generator: RandomGenerator, training: Bool = true) throws -> Tensor {
        guard p >= 0, p < 1 else {
            throw TensorError("dropout probability must be in [0, 1), got \(p)", help: "typical values are 0.0–0.5")
        }
        guard training, p > 0 else { return self }
        let source = contiguousData()
        let mask = Tensor(uninitialized: shape)
        let result = Tensor(uninitialized: shape)
        Tensor.fillDropout(source.data, mask: mask.data, output: result.data, count: count, p: p, generator: generator)
        return Tensor.record(result, "dropout", [self]) { gradient in
            [try Tensor.binaryMap(gradient, mask, MulKernel.self, op: "dropout")]
        }
    }
}
