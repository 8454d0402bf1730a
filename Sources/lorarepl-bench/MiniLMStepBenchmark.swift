// The headline workload: one LoRA training step of MiniLM-L6 for sequence classification, the
// same work as ../shared/bench/bench_peft_cls.py (PyTorch + PEFT): LoRA r=8, alpha=16, dropout 0.1 on
// query+value, a new 3-label head, batch 16 × 64 tokens (padded to max_length, tokenized every step),
// forward + backward + AdamW (lr 5e-4, weight decay 0.01), dropout on (train mode).
import Foundation
import Models
import PEFT
import TensorCore
import Tokenizers

enum MiniLMStepBenchmark {
    static let model = "sentence-transformers/all-MiniLM-L6-v2"

    static func run(_ options: BenchmarkOptions) throws {
        let batch = 16, length = 64
        let started = Date()
        let loaded = try ModelLoader.load(model, task: .sequenceClassification,
                                          options: LoadOptions(numLabels: 3))
        let tokenizer = try TokenizerLoader.load(model)
        let peft = try getPeftModel(loaded.model, LoraConfig(r: 8, loraAlpha: 16, loraDropout: 0.1,
                                                                   targetModules: .names(["query", "value"]),
                                                                   taskType: .sequenceClassification))
        peft.output = { _ in }
        let trainable = peft.trainableParameters().map(\.tensor)
        let optimizer = try AdamW(groups: [ParameterGroup(parameters: trainable, weightDecay: 0.01)], learningRate: 5e-4)
        _ = peft.train()
        let rows = try sentimentRows()
        print(String(format: "minilm-step: load + get_peft_model %.2f s; %d trainable tensors (%d numbers); %d labelled tweets",
                     Date().timeIntervalSince(started), trainable.count, trainable.reduce(0) { $0 + $1.count }, rows.count))

        var lastLoss: Float = 0
        func step(_ index: Int) throws {
            let start = (index * batch) % Swift.max(rows.count - batch, 1)
            let slice = rows[start..<(start + batch)]
            let encoded = try tokenizer.encodeBatch(slice.map(\.text), padding: .maxLength, truncation: .longestFirst,
                                                    maxLength: length)
            let ids = try IntTensor(shape: [batch, length], values: encoded.inputIds.flatMap { $0.map(Int32.init) })
            let mask = try IntTensor(shape: [batch, length], values: encoded.attentionMask.flatMap { $0.map(Int32.init) })
            let types = try IntTensor(shape: [batch, length], values: encoded.tokenTypeIds.flatMap { $0.map(Int32.init) })
            let labels = IntTensor(slice.map(\.label))
            let output = try peft.forward(inputIds: ids, attentionMask: mask, tokenTypeIds: types, labels: .classes(labels))
            guard let loss = output.loss else { throw BenchmarkError("the model returned no loss") }
            try loss.backward()
            try optimizer.step()
            optimizer.zeroGrad()
            lastLoss = try loss.item()
        }
        var counter = 0
        let timings = try measure(iterations: options.iterations, warmup: 3) {
            try step(counter)
            counter += 1
        }
        let summary = summarize(timings)
        print(String(format: "minilm-step (b%d × s%d, LoRA r=8 q,v, dropout 0.1, AdamW): %.1f ms/step median (best %.1f, %d steps), CPU %.1f ms/step (user+sys, all threads), %.1f samples/s, peak RSS %.0f MB, final loss %.4f, load average %@",
                     batch, length, summary.median, summary.minimum, options.iterations, summary.cpu,
                     Double(batch) * 1000 / summary.median, peakResidentMegabytes(), lastLoss, loadAverage()))
    }

    /// (text, label) rows of the demo sentiment CSV (latin-1; `sentiment,confidence,text`).
    static func sentimentRows() throws -> [(text: String, label: Int32)] {
        let file = ModelResolver().lorareplHome.appendingPathComponent("data/tweet_sentiment.csv")
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw BenchmarkError("the demo data set \(file.path) is missing (run `make assets`)")
        }
        let data = try Data(contentsOf: file)
        guard let text = String(data: data, encoding: .isoLatin1) else { throw BenchmarkError("cannot decode \(file.path)") }
        let labels: [String: Int32] = ["negative": 0, "neutral": 1, "positive": 2]
        var rows: [(text: String, label: Int32)] = []
        for record in parseCSV(text).dropFirst() where record.count == 3 {
            if let label = labels[record[0]] { rows.append((record[2], label)) }
        }
        guard rows.count >= 16 else { throw BenchmarkError("\(file.path) has only \(rows.count) labelled rows") }
        return rows
    }

    /// Minimal RFC 4180 reader: quoted fields, doubled quotes, CRLF or LF.
    static func parseCSV(_ text: String) -> [[String]] {
        var records: [[String]] = [], record: [String] = [], field = ""
        var quoted = false, iterator = text.unicodeScalars.makeIterator(), pending: Unicode.Scalar? = nil
        while let scalar = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if scalar == "\"" {
                    let next = iterator.next()
                    if next == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; pending = next }
                } else { field.unicodeScalars.append(scalar) }
                continue
            }
            switch scalar {
            case "\"": quoted = true
            case ",": record.append(field); field = ""
            case "\n": record.append(field); records.append(record); record = []; field = ""
            case "\r": continue
            default: field.unicodeScalars.append(scalar)
            }
        }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        return records
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

/// Peak resident set size of this process (getrusage's ru_maxrss, KiB on Linux) in MB.
func peakResidentMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}
