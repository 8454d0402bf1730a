import Foundation
import XCTest
@testable import PEFT
import TestSupport

/// Test helpers: a model description built from a safetensors header (module names exactly as Hugging
/// Face names them), so Phase 1 logic is tested without tensors.
enum FixtureModels {
    struct HeaderTensor {
        var name: String
        var dtype: String
        var shape: [Int]
    }

    /// The tensors listed in a safetensors header (name, dtype, shape), in header order.
    static func header(_ url: URL) throws -> [HeaderTensor] {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        let lengthBytes = handle.readData(ofLength: 8)
        guard lengthBytes.count == 8 else { throw XCTSkip("\(url.path) is not a safetensors file") }
        let length = lengthBytes.enumerated().reduce(0) { $0 | (Int($1.element) << (8 * $1.offset)) }
        let json = handle.readData(ofLength: length)
        guard case let .object(pairs) = try PeftJSONParser.parse(String(decoding: json, as: UTF8.self)) else { return [] }
        return pairs.compactMap { key, value in
            guard key != "__metadata__", case let .string(dtype)? = value["dtype"], case let .array(dims)? = value["shape"] else { return nil }
            let shape = dims.compactMap { if case let .int(n) = $0 { return n } else { return nil } }
            return HeaderTensor(name: key, dtype: dtype, shape: shape)
        }
    }

    /// A description of the model whose weights are `tensors`: every name prefix is a module; a module
    /// with a 2-D `weight` is a Linear unless it is an embedding. `I64` tensors (position_ids) are buffers.
    static func describe(_ tensors: [HeaderTensor], modelType: String?, outputEmbedding: String? = nil) -> ModelDescription {
        let parameters = tensors.filter { $0.dtype != "I64" }
        var moduleNames: [String] = [""]
        for tensor in parameters {
            let parts = tensor.name.split(separator: ".").dropLast()
            for end in 1...max(parts.count, 1) where end <= parts.count {
                let name = parts.prefix(end).joined(separator: ".")
                if !moduleNames.contains(name) { moduleNames.append(name) }
            }
        }
        let byName = Dictionary(uniqueKeysWithValues: parameters.map { ($0.name, $0) })
        let modules = moduleNames.map { name -> ModelDescription.ModuleEntry in
            let leaf = name.split(separator: ".").last.map(String.init) ?? ""
            if let weight = byName[name + ".weight"], weight.shape.count == 2 {
                if leaf.contains("embed") { return .init(name: name, kind: .embedding) }
                return .init(name: name, kind: .linear(inFeatures: weight.shape[1], outFeatures: weight.shape[0],
                                                       hasBias: byName[name + ".bias"] != nil))
            }
            return .init(name: name, kind: .other(byName[name + ".weight"] != nil ? "LayerNorm" : "Module"))
        }
        return ModelDescription(modelType: modelType, modules: modules,
                                parameters: parameters.map { .init(name: $0.name, elementCount: $0.shape.reduce(1, *)) },
                                outputEmbeddingName: outputEmbedding)
    }

    static func fixture(_ relative: String) throws -> URL {
        guard let url = Fixtures.path(relative) else { throw XCTSkip("fixture \(relative) is missing") }
        return url
    }

    static func tinyBert() throws -> ModelDescription {
        describe(try header(try fixture("tiny-bert/tiny-bert-base/model.safetensors")), modelType: "bert")
    }

    static func tinyDistilBert() throws -> ModelDescription {
        describe(try header(try fixture("tiny-distilbert/tiny-distilbert-base/model.safetensors")), modelType: "distilbert")
    }

    static func tinyLlama() throws -> ModelDescription {
        describe(try header(try fixture("tiny-llama/tiny-llama-base/model.safetensors")), modelType: "llama", outputEmbedding: "lm_head")
    }

    /// MiniLM-L6 (a `BertModel` checkpoint) as `BertForSequenceClassification` with `numLabels` labels:
    /// names get the `bert.` prefix and a `classifier` Linear is added, as transformers does.
    static func miniLMForSequenceClassification(numLabels: Int) throws -> ModelDescription {
        guard let url = Fixtures.demoAsset("models/sentence-transformers/all-MiniLM-L6-v2/model.safetensors") else {
            throw XCTSkip("demo model all-MiniLM-L6-v2 is missing")
        }
        var tensors = try header(url).map { HeaderTensor(name: "bert." + $0.name, dtype: $0.dtype, shape: $0.shape) }
        let hidden = tensors.first(where: { $0.name == "bert.pooler.dense.weight" })?.shape.first ?? 384
        tensors.append(HeaderTensor(name: "classifier.weight", dtype: "F32", shape: [numLabels, hidden]))
        tensors.append(HeaderTensor(name: "classifier.bias", dtype: "F32", shape: [numLabels]))
        return describe(tensors, modelType: "bert")
    }

    static func text(_ relative: String) throws -> String {
        let url = try fixture(relative)
        return try String(contentsOf: url, encoding: .utf8)
    }
}

/// Captures PEFT warnings during `body`.
func capturingWarnings<T>(_ body: () throws -> T) rethrows -> (T, [String]) {
    var warnings: [String] = []
    let previous = PeftWarnings.handler
    PeftWarnings.handler = { warnings.append($0) }
    defer { PeftWarnings.handler = previous }
    let result = try body()
    return (result, warnings)
}

/// Asserts `body` throws a PeftError of `kind` whose text contains every fragment.
func assertPeftError<T>(_ kind: PeftError.Kind, contains fragments: [String], file: StaticString = #filePath, line: UInt = #line,
                        _ body: () throws -> T) {
    do {
        _ = try body()
        XCTFail("expected a \(kind) error", file: file, line: line)
    } catch let error as PeftError {
        XCTAssertEqual(error.kind, kind, "\(error)", file: file, line: line)
        for fragment in fragments {
            XCTAssertTrue(error.description.contains(fragment), "missing '\(fragment)' in:\n\(error)", file: file, line: line)
        }
    } catch {
        XCTFail("unexpected error \(error)", file: file, line: line)
    }
}
