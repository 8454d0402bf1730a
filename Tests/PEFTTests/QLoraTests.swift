import Foundation
import XCTest
@testable import PEFT
import Models
import TensorCore
import TestSupport
import WeightIO

/// QLoRA-style LoRA: base weights kept in GGUF blocks (`keep_quantized=True`), dequantized per use in forward
/// and again in backward. The reference is the same GGUF loaded dequantized to fp32: the kept-quantized model
/// runs the same GEMMs on the same values, so logits, loss, gradients and optimizer steps are bit-identical.
final class QLoraTests: XCTestCase {
    static let allSeven = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]

    func load(_ url: URL, keepQuantized: Bool) throws -> PreTrainedModel {
        var options = LoadOptions()
        options.keepQuantized = keepQuantized
        return try ModelLoader.load(url.path, task: .causalLM, options: options).model
    }

    /// LoRA on `targets` with the same deterministic non-zero B (a fresh B is zero, which would make A's
    /// gradient vanish), dropout 0.1 so the training path draws masks.
    func adapted(_ model: PreTrainedModel, targets: [String]) throws -> PeftModel {
        let config = try LoraConfig(r: 4, loraAlpha: 8, loraDropout: 0.1, targetModules: .names(targets), taskType: .causalLM)
        let peft = try getPeftModel(model, config)
        for (index, (name, tensor)) in peft.trainableParameters().enumerated() where name.contains("lora_B") {
            try tensor.assign((0..<tensor.count).map { Float(sin(Double($0 * 7 + index))) * 0.05 })
        }
        return peft
    }

    /// The kept-quantized model and its fp32 twin from one GGUF, with identical adapters.
    func pair(_ type: GGMLType, tied: Bool = false, targets: [String] = allSeven) throws -> (kept: PeftModel, dense: PeftModel) {
        let url = try TinyLlamaGGUF.write(type, tied: tied)
        let keptModel = try load(url, keepQuantized: true), denseModel = try load(url, keepQuantized: false)
        XCTAssertTrue(keptModel.hasQuantizedWeights)
        XCTAssertFalse(denseModel.hasQuantizedWeights)
        return (try adapted(keptModel, targets: targets), try adapted(denseModel, targets: targets))
    }

    let ids = try? IntTensor(shape: [2, 9], values: [1, 17, 33, 5, 90, 64, 3, 8, 120, 1, 44, 2, 77, 9, 100, 31, 6, 12])

    /// Logits, loss and every LoRA gradient, in train mode (dropout on).
    func step(_ peft: PeftModel) throws -> (logits: [Float], loss: Float, grads: [String: [Float]]) {
        let ids = try XCTUnwrap(self.ids)
        peft.train()
        let output = try peft.forward(inputIds: ids, labels: .classes(ids))
        let loss = try XCTUnwrap(output.loss)
        try loss.backward()
        var grads: [String: [Float]] = [:]
        for (name, tensor) in peft.trainableParameters() { grads[name] = try XCTUnwrap(tensor.grad, "no gradient for \(name)").toArray() }
        return (try XCTUnwrap(output.logits).toArray(), try loss.item(), grads)
    }

    func checkBitIdentical(_ type: GGMLType, tied: Bool, targets: [String], expectedGradients: Int) throws {
        let (kept, dense) = try pair(type, tied: tied, targets: targets)
        let a = try step(kept), b = try step(dense)
        XCTAssertEqual(a.logits, b.logits, "\(type.name) logits")
        XCTAssertEqual(a.loss, b.loss, "\(type.name) loss")
        XCTAssertEqual(a.grads.count, expectedGradients)
        XCTAssertEqual(Set(a.grads.keys), Set(b.grads.keys))
        for (name, gradient) in b.grads {
            XCTAssertEqual(a.grads[name], gradient, "\(type.name) gradient of \(name)")
            XCTAssertGreaterThan(gradient.map(abs).max() ?? 0, 0, "\(name) has a non-zero gradient")
        }
    }

    // MARK: (a) same numbers as the dequantized model

    func testQ8_0LoraOnAllSevenProjectionsIsBitIdenticalToFp32() throws {
        try checkBitIdentical(.q8_0, tied: false, targets: Self.allSeven, expectedGradients: 28)
    }

    func testQ4_1LoraOnAllSevenProjectionsIsBitIdenticalToFp32() throws {
        try checkBitIdentical(.q4_1, tied: false, targets: Self.allSeven, expectedGradients: 28)
    }

    /// A tied head reading the quantized embedding, with LoRA on the head itself.
    func testTiedQuantizedHeadWithLoraIsBitIdenticalToFp32() throws {
        let url = try TinyLlamaGGUF.write(.q4_1, tied: true)
        let model = try load(url, keepQuantized: true)
        let lm = try XCTUnwrap(model as? LlamaForCausalLM)
        XCTAssertTrue(lm.config.tieWordEmbeddings)
        XCTAssertTrue(lm.lmHead.isWeightQuantized, "the tied head reads the quantized embedding")
        try checkBitIdentical(.q4_1, tied: true, targets: ["q_proj", "v_proj", "lm_head"], expectedGradients: 10)
        // Merging LoRA into the tied head gives the head its own fp32 weight; the embedding keeps its blocks.
        let (kept, dense) = try pair(.q4_1, tied: true, targets: ["q_proj", "v_proj", "lm_head"])
        let merged = try capturingWarnings { try kept.mergeAndUnload() }.0
        let head = try XCTUnwrap(merged as? LlamaForCausalLM)
        XCTAssertFalse(head.lmHead.isWeightQuantized)
        XCTAssertTrue(merged.hasQuantizedWeights, "the embedding table is still blocks")
        XCTAssertEqual(try logits(merged), try logits(try dense.mergeAndUnload()))
    }

    // MARK: (b) training steps

    func testAdamWStepsGiveTheSameParameters() throws {
        let (kept, dense) = try pair(.q4_1)
        var results: [[String: [Float]]] = []
        for peft in [kept, dense] {
            let parameters = peft.trainableParameters()
            let optimizer = try AdamW(groups: [ParameterGroup(parameters: parameters.map(\.tensor), weightDecay: 0.01)], learningRate: 1e-2)
            var losses: [Float] = []
            for _ in 0..<3 {
                optimizer.zeroGrad()
                losses.append(try step(peft).loss)
                try optimizer.step()
            }
            XCTAssertLessThan(losses[2], losses[0], "training lowers the loss")
            results.append(Dictionary(uniqueKeysWithValues: parameters.map { ($0.name, $0.tensor.toArray()) }))
        }
        XCTAssertEqual(results[0].count, 28)
        XCTAssertEqual(results[0], results[1], "LoRA parameters after 3 AdamW steps")
        // Nothing leaked into the frozen base: the kept model still holds only blocks.
        XCTAssertTrue(kept.baseModel.namedModules().allSatisfy { ($0.module as? Linear).map { $0.isWeightQuantized } ?? true })
    }

    // MARK: (c) merge

    func logits(_ peft: PeftModel) throws -> [Float] {
        let ids = try XCTUnwrap(self.ids)
        peft.eval()
        return try XCTUnwrap(Autograd.noGrad { try peft.forward(inputIds: ids).logits }).toArray()
    }

    func logits(_ model: PreTrainedModel) throws -> [Float] {
        let ids = try XCTUnwrap(self.ids)
        model.eval()
        return try XCTUnwrap(Autograd.noGrad { try model.forward(inputIds: ids).logits }).toArray()
    }

    /// merge_adapter dequantizes the adapted layers and merges exactly in fp32 (warning with the memory
    /// growth); unmerge, disable_adapter and unload put the blocks back bit for bit.
    func testMergeAdapterDequantizesExactlyAndUnmergeRestoresTheBlocks() throws {
        let (kept, dense) = try pair(.q8_0)
        let adapterLogits = try logits(kept)
        let bytesBefore = kept.baseModel.parameterMemoryBytes
        let (_, warnings) = try capturingWarnings { try kept.mergeAdapter() }
        try dense.mergeAdapter()
        XCTAssertEqual(warnings.count, 1)
        let note = try XCTUnwrap(warnings.first)
        XCTAssertTrue(note.contains("merge_adapter(): 14 layers kept quantized"), note)
        XCTAssertTrue(note.contains("dequantized to fp32") && note.contains("unmerge_adapter()"), note)
        XCTAssertEqual(kept.baseModel.namedModules().filter { ($0.module as? Linear)?.isWeightQuantized == true }.count, 1, "only lm_head stays quantized")
        XCTAssertGreaterThan(kept.baseModel.parameterMemoryBytes, bytesBefore)
        let mergedLogits = try logits(kept)
        XCTAssertEqual(mergedLogits, try logits(dense), "merged kept model = merged fp32 model")
        assertClose(mergedLogits, adapterLogits, 1e-5, "merged vs adapter logits")

        kept.unmergeAdapter()
        XCTAssertEqual(kept.baseModel.parameterMemoryBytes, bytesBefore)
        XCTAssertEqual(try logits(kept), adapterLogits, "unmerged: the blocks are back and the adapter runs again")

        try kept.mergeAdapter()
        let disabledLogits = try capturingWarnings { try kept.withAdapterDisabled { try logits(kept.baseModel) } }.0
        XCTAssertEqual(kept.baseModel.parameterMemoryBytes, bytesBefore, "disable_adapter unmerges first")
        let base = try load(try TinyLlamaGGUF.write(.q8_0), keepQuantized: true)
        XCTAssertEqual(disabledLogits, try logits(base))

        try kept.mergeAdapter()
        let unloaded = try capturingWarnings { try kept.unload() }.0
        XCTAssertEqual(unloaded.parameterMemoryBytes, base.parameterMemoryBytes)
        XCTAssertEqual(try logits(unloaded), try logits(base), "unload() gives back the quantized base model")
    }

    /// merge_and_unload keeps the exact fp32 merge and drops the blocks of the merged layers.
    func testMergeAndUnloadGivesTheFp32MergedModelAndSaysSo() throws {
        let (kept, dense) = try pair(.q4_1)
        let adapterLogits = try logits(kept)
        let (merged, warnings) = try capturingWarnings { try kept.mergeAndUnload() }
        let denseMerged = try dense.mergeAndUnload()
        let note = try XCTUnwrap(warnings.first)
        XCTAssertTrue(note.contains("merge_and_unload(): 14 layers kept quantized") && note.contains("quantized copies are dropped"), note)
        XCTAssertTrue(note.contains("parameter memory") && note.contains("→"), note)
        XCTAssertTrue(merged.namedModules().allSatisfy { ($0.module as? Linear)?.adapter == nil })
        XCTAssertEqual(merged.namedModules().filter { ($0.module as? Linear)?.isWeightQuantized == true }.map(\.name), ["lm_head"])
        XCTAssertEqual(try logits(merged), try logits(denseMerged))
        assertClose(try logits(merged), adapterLogits, 1e-5, "merged vs adapter logits")
        // The head is still blocks: save_pretrained writes it dequantized, and the folder reloads with the same logits.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qlora-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        try merged.savePretrained(to: folder)
        XCTAssertEqual(try logits(try ModelLoader.load(folder.path, task: .causalLM).model), try logits(merged))
    }

    /// save_pretrained writes only the adapter; it loads back onto a fresh kept-quantized model with the same logits.
    func testAdapterSavedFromAKeptQuantizedModelReloads() throws {
        let (kept, _) = try pair(.q4_1)
        let expected = try logits(kept)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qlora-adapter-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        try kept.savePretrained(directory)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        XCTAssertEqual(files, ["adapter_config.json", "adapter_model.safetensors"])
        let reloaded = try PeftModel.fromPretrained(try load(try TinyLlamaGGUF.write(.q4_1), keepQuantized: true), directory: directory)
        XCTAssertEqual(try logits(reloaded), expected)
    }

    // MARK: (d) errors

    func testKeepQuantizedIsRefusedForSafetensorsFolders() throws {
        let folder = try FixtureModels.fixture("tiny-llama/tiny-llama-base")
        var options = LoadOptions()
        options.keepQuantized = true
        XCTAssertThrowsError(try ModelLoader.load(folder.path, task: .causalLM, options: options)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("keep_quantized=True needs a GGUF file") && text.contains("drop keep_quantized"), text)
        }
    }

    /// Without adapters, training the kept weights themselves is refused (they are frozen blocks); inference works.
    func testTrainingQuantizedWeightsThemselvesIsRefused() throws {
        let model = try load(try TinyLlamaGGUF.write(.q8_0), keepQuantized: true)
        let ids = try XCTUnwrap(self.ids)
        XCTAssertNoThrow(try model.forward(inputIds: ids), "eval forward with autograd on")
        model.train()
        XCTAssertThrowsError(try model.forward(inputIds: ids, labels: .classes(ids))) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("quantized weights are frozen and cannot be trained") && text.contains("get_peft_model"), text)
        }
    }

    /// A weight rebuilt per use must stand in for a frozen placeholder of its shape.
    func testRematerializedWeightChecksItsPlaceholder() throws {
        let x = try Tensor(shape: [1, 4], values: [1, 2, 3, 4])
        let rebuilt = RematerializedWeight(rows: 2, columns: 4) { buffer in for index in buffer.indices { buffer[index] = Float(index) } }
        XCTAssertEqual(try Tensor.linear(x, weight: try Tensor.zeros([2, 4]), rematerialized: rebuilt).toArray(), [20, 60])
        XCTAssertThrowsError(try Tensor.linear(x, weight: try Tensor.zeros([4, 2]), rematerialized: rebuilt))
        let trainable = try Tensor.zeros([2, 4])
        trainable.requiresGrad = true
        XCTAssertThrowsError(try Tensor.linear(x, weight: trainable, rematerialized: rebuilt)) { error in
            XCTAssertTrue("\(error)".contains("frozen"), "\(error)")
        }
    }

    /// The rebuilt W is not kept by the autograd graph: it is filled once in forward and once more in
    /// backward (for dx), and the gradients equal those of the plain fp32 ops.
    func testRematerializedWeightIsRebuiltForBackwardWithTheSameGradients() throws {
        let values = (0..<24).map { Float(sin(Double($0))) }
        var fills = 0
        let rebuilt = RematerializedWeight(rows: 4, columns: 6) { buffer in
            fills += 1
            for index in buffer.indices { buffer[index] = values[index] }
        }
        let weight = try Tensor(shape: [4, 6], values: values), placeholder = try Tensor.zeros([4, 6])
        let loraA = try Tensor(shape: [2, 6], values: (0..<12).map { Float($0) * 0.1 - 0.5 })
        let loraB = try Tensor(shape: [4, 2], values: (0..<8).map { Float($0) * 0.05 })
        loraA.requiresGrad = true
        loraB.requiresGrad = true
        func run(_ useRebuilt: Bool, lora: Bool) throws -> (y: [Float], dx: [Float]) {
            let x = try Tensor(shape: [3, 6], values: (0..<18).map { Float(cos(Double($0))) })
            x.requiresGrad = true
            let w = useRebuilt ? placeholder : weight, source = useRebuilt ? rebuilt : nil
            let y = lora ? try Tensor.loraLinear(x, weight: w, bias: nil, loraA: loraA, loraB: loraB, scaling: 2, rematerialized: source)
                : try Tensor.linear(x, weight: w, rematerialized: source)
            try y.sum().backward()
            return (y.toArray(), try XCTUnwrap(x.grad).toArray())
        }
        for lora in [false, true] {
            fills = 0
            let expected = try run(false, lora: lora), actual = try run(true, lora: lora)
            XCTAssertEqual(fills, 2, "forward + backward")
            XCTAssertEqual(actual.y, expected.y)
            XCTAssertEqual(actual.dx, expected.dx)
        }
    }

    /// Generation with an adapter on a kept-quantized model (adapted layers run through the module) gives the
    /// fp32 twin's greedy tokens.
    func testGenerationWithAnAdapterOnAKeptQuantizedModel() throws {
        let (kept, dense) = try pair(.q8_0, targets: ["q_proj", "v_proj"])
        var options = GenerationOptions(maxNewTokens: 8, eosTokenIds: [])
        options.integerKernels = false  // fp32 activations: exactly the fp32 twin's tokens
        let prompt: [Int32] = [1, 17, 33, 5]
        let a = try XCTUnwrap(kept.eval().baseModel as? LlamaForCausalLM).generate(prompt, options: options)
        let b = try XCTUnwrap(dense.eval().baseModel as? LlamaForCausalLM).generate(prompt, options: options)
        XCTAssertEqual(a.count, 8)
        XCTAssertEqual(a, b)
    }

    // MARK: The demo model

    /// SmolLM2-135M Q4_1 kept quantized: parameter memory vs fp32, and one LoRA step (the smollm2/lora_step
    /// PEFT adapter) whose loss and gradients match the reference like the fp32 load does.
    func testSmolLM2KeptQuantizedMemoryAndOneLoraStep() throws {
        guard let file = Fixtures.demoAsset("models/HuggingFaceTB/SmolLM2-135M-Instruct/SmolLM2-135M-Instruct.Q4_1.gguf") else {
            throw XCTSkip("demo model SmolLM2-135M-Instruct is missing")
        }
        var options = LoadOptions()
        options.keepQuantized = true
        let loaded = try ModelLoader.load(file.path, task: .causalLM, options: options)
        let fp32Bytes = loaded.model.stateDict().reduce(0) { $0 + $1.tensor.count * 4 }
        print("SmolLM2 parameter memory: kept quantized \(loaded.parameterBytes) bytes, fp32 \(fp32Bytes) bytes; \(loaded.notes.joined(separator: "; "))")
        XCTAssertLessThan(loaded.parameterBytes * 4, fp32Bytes, "Q4_1/Q8_0 blocks take well under a quarter of fp32")
        let peft = try PeftModel.fromPretrained(loaded.model, directory: try FixtureModels.fixture("smollm2/lora_step/adapter"), isTrainable: true)
        peft.eval()
        let batch = try SafetensorsFile(url: try FixtureModels.fixture("smollm2/lora_step/batch.safetensors"))
        let tokens = try batch.int32s("input_ids")
        let inputIds = try IntTensor(shape: [1, tokens.count], values: tokens)
        let loss = try XCTUnwrap(try peft.forward(inputIds: inputIds, labels: .classes(inputIds)).loss)
        assertClose([try loss.item()], try batch.floats("loss"), 1e-5 * abs(try batch.floats("loss")[0]), "smollm2 loss")
        try loss.backward()
        let grads = try SafetensorsFile(url: try FixtureModels.fixture("smollm2/lora_step/grads.safetensors"))
        let parameters = Dictionary(peft.trainableParameters().map { ($0.name, $0.tensor) }, uniquingKeysWith: { first, _ in first })
        XCTAssertEqual(Set(parameters.keys), Set(grads.tensorNames))
        for name in grads.tensorNames {
            let actual = try XCTUnwrap(parameters[name]?.grad, name).toArray(), expected = try grads.floats(name)
            let difference = zip(actual, expected).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
            XCTAssertLessThanOrEqual(difference / max(expected.map { $0 * $0 }.reduce(0, +).squareRoot(), 1e-30), 1e-3, name)
        }
        XCTAssertTrue(loaded.model.hasQuantizedWeights, "the step left the base weights in blocks")
    }

    func assertClose(_ actual: [Float], _ expected: [Float], _ tolerance: Float, _ what: String, line: UInt = #line) {
        XCTAssertEqual(actual.count, expected.count, what, line: line)
        let worst = zip(actual, expected).map { abs($0 - $1) }.max() ?? 0
        XCTAssertLessThanOrEqual(worst, tolerance, "\(what): max |diff| \(worst)", line: line)
    }
}
