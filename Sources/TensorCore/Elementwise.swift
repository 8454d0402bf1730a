/// Broadcasting arithmetic: add, sub, mul, div, and their scalar forms, with gradients.
protocol BinaryKernel {
    static func apply(_ a: Float, _ b: Float) -> Float
}

enum AddKernel: BinaryKernel { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a + b } }
enum SubKernel: BinaryKernel { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a - b } }
enum MulKernel: BinaryKernel { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a * b } }
enum DivKernel: BinaryKernel { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a / b } }

extension Tensor {
    /// `kernel(a, b)` elementwise with broadcasting; not recorded.
    static func binaryMap<Kernel: BinaryKernel>(_ a: Tensor, _ b: Tensor, _ kernel: Kernel.Type, op: String) throws -> Tensor {
        let outShape = try Broadcast.shape(a.shape, b.shape, op: op)
        let result = Tensor(uninitialized: outShape)
        let out = result.data
        let total = result.count
        if a.shape == b.shape, a.isContiguous, b.isContiguous {
            let x = a.data, y = b.data
            Parallel.forEach(total) { range in
                for index in range { out[index] = Kernel.apply(x[index], y[index]) }
            }
            return result
        }
        if b.count == 1, a.isContiguous, a.count == total {
            let x = a.data, scalar = b.data[0]
            Parallel.forEach(total) { range in
                for index in range { out[index] = Kernel.apply(x[index], scalar) }
            }
            return result
        }
        let stridesA = Broadcast.strides(of: a, to: outShape)
        let stridesB = Broadcast.strides(of: b, to: outShape)
        let width = outShape.last ?? 1
        let rows = total / Swift.max(width, 1)
        let innerA = stridesA.last ?? 0, innerB = stridesB.last ?? 0
        let baseA = a.storage.base + a.offset, baseB = b.storage.base + b.offset
        Parallel.forEach(rows, minimumPerChunk: Swift.max(1, 16_384 / Swift.max(width, 1))) { range in
            for row in range {
                let x = baseA + rowOffset(row, shape: outShape, strides: stridesA)
                let y = baseB + rowOffset(row, shape: outShape, strides: stridesB)
                let line = out + row * width
                if innerA == 1, innerB == 1 {
                    for column in 0..<width { line[column] = Kernel.apply(x[column], y[column]) }
                } else if innerA == 1, innerB == 0 {
                    let value = y[0]
                    for column in 0..<width { line[column] = Kernel.apply(x[column], value) }
                } else {
                    for column in 0..<width { line[column] = Kernel.apply(x[column * innerA], y[column * innerB]) }
                }
            }
        }
        return result
    }

    /// `self + other` with broadcasting.
    public func adding(_ other: Tensor) throws -> Tensor {
        let result = try Tensor.binaryMap(self, other, AddKernel.self, op: "add")
        return Tensor.record(result, "add", [self, other]) { [shapeA = shape, shapeB = other.shape, a = self, b = other] gradient in
            [a.requiresGrad ? try Tensor.sumToShape(gradient, shapeA) : nil,
             b.requiresGrad ? try Tensor.sumToShape(gradient, shapeB) : nil]
        }
    }

    /// `self - other` with broadcasting.
    public func subtracting(_ other: Tensor) throws -> Tensor {
        let result = try Tensor.binaryMap(self, other, SubKernel.self, op: "sub")
        return Tensor.record(result, "sub", [self, other]) { [shapeA = shape, shapeB = other.shape, a = self, b = other] gradient in
            [a.requiresGrad ? try Tensor.sumToShape(gradient, shapeA) : nil,
             b.requiresGrad ? try Tensor.sumToShape(gradient.scaled(by: -1), shapeB) : nil]
        }
    }

    /// `self * other` elementwise with broadcasting.
    public func multiplying(_ other: Tensor) throws -> Tensor {
        let result = try Tensor.binaryMap(self, other, MulKernel.self, op: "mul")
        return Tensor.record(result, "mul", [self, other], saving: Tensor.savedOperands(self, other)) { [a = self, b = other] gradient in
            [a.requiresGrad ? try Tensor.sumToShape(Tensor.binaryMap(gradient, b, MulKernel.self, op: "mul"), a.shape) : nil,
             b.requiresGrad ? try Tensor.sumToShape(Tensor.binaryMap(gradient, a, MulKernel.self, op: "mul"), b.shape) : nil]
        }
    }

    /// `self / other` elementwise with broadcasting.
    public func dividing(_ other: Tensor) throws -> Tensor {
        let result = try Tensor.binaryMap(self, other, DivKernel.self, op: "div")
        return Tensor.record(result, "div", [self, other], saving: other.requiresGrad ? [self, other] : [other]) { [a = self, b = other] gradient in
            var gradA: Tensor? = nil, gradB: Tensor? = nil
            let quotient = try Tensor.binaryMap(gradient, b, DivKernel.self, op: "div")  // g / b
            if a.requiresGrad { gradA = try Tensor.sumToShape(quotient, a.shape) }
            if b.requiresGrad {
                // d(a/b)/db = -a / b² → -(g / b) * (a / b)
                let ratio = try Tensor.binaryMap(a, b, DivKernel.self, op: "div")
                gradB = try Tensor.sumToShape(Tensor.binaryMap(quotient, ratio, MulKernel.self, op: "mul").scaled(by: -1), b.shape)
            }
            return [gradA, gradB]
        }
    }

    /// What a product's backward reads: each operand when the other needs a gradient (PyTorch's `mul`).
    static func savedOperands(_ a: Tensor, _ b: Tensor) -> [Tensor] {
        (b.requiresGrad ? [a] : []) + (a.requiresGrad ? [b] : [])
    }

    /// `self * factor`.
    public func scaled(by factor: Float) -> Tensor {
        let source = contiguousData()
        let result = Tensor(uninitialized: shape)
        let x = source.data, out = result.data
        Parallel.forEach(count) { range in
            for index in range { out[index] = x[index] * factor }
        }
        return Tensor.record(result, "scale", [self]) { gradient in [gradient.scaled(by: factor)] }
    }

    /// `self + value`.
    public func adding(scalar value: Float) -> Tensor {
        let source = contiguousData()
        let result = Tensor(uninitialized: shape)
        let x = source.data, out = result.data
        Parallel.forEach(count) { range in
            for index in range { out[index] = x[index] + value }
        }
        return Tensor.record(result, "add_scalar", [self]) { gradient in [gradient] }
    }

    /// Broadcasting operators (throwing on incompatible shapes) and scalar forms (never failing).
    public static func + (lhs: Tensor, rhs: Tensor) throws -> Tensor { try lhs.adding(rhs) }
    public static func - (lhs: Tensor, rhs: Tensor) throws -> Tensor { try lhs.subtracting(rhs) }
    public static func * (lhs: Tensor, rhs: Tensor) throws -> Tensor { try lhs.multiplying(rhs) }
    public static func / (lhs: Tensor, rhs: Tensor) throws -> Tensor { try lhs.dividing(rhs) }
    public static func * (lhs: Tensor, rhs: Float) -> Tensor { lhs.scaled(by: rhs) }
    public static func * (lhs: Float, rhs: Tensor) -> Tensor { rhs.scaled(by: lhs) }
    public static func / (lhs: Tensor, rhs: Float) -> Tensor { lhs.scaled(by: 1 / rhs) }
    public static func + (lhs: Tensor, rhs: Float) -> Tensor { lhs.adding(scalar: rhs) }
    public static func - (lhs: Tensor, rhs: Float) -> Tensor { lhs.adding(scalar: -rhs) }
    public static prefix func - (operand: Tensor) -> Tensor { operand.scaled(by: -1) }
}
