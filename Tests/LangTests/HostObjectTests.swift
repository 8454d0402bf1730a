import Lang
import XCTest

/// Stub host objects shaped like the Bindings ones, and the seed workflow's code running against them.
final class StubConfig: HostObject {
    let fields: [(String, Value)]
    init(fields: [(String, Value)]) { self.fields = fields }
    var typeName: String { "LoraConfig" }
    func repr() -> String { "LoraConfig(" + fields.map { "\($0.0)=\($0.1.repr)" }.joined(separator: ", ") + ")" }
    var attributeNames: [String] { fields.map(\.0) }
    func getAttribute(_ name: String, context: CallContext) throws -> Value? { fields.first { $0.0 == name }?.1 }
}

final class StubEncoding: HostObject {
    var typeName: String { "BatchEncoding" }
    func repr() -> String { "{'input_ids': [[101, 102]], 'attention_mask': [[1, 1]]}" }
    func keywordArguments() -> [(String, Value)]? {
        [("input_ids", .list([.list([.int(101), .int(102)])])), ("attention_mask", .list([.list([.int(1), .int(1)])]))]
    }
    func getItem(_ key: Value, context: CallContext) throws -> Value {
        guard let pair = keywordArguments()?.first(where: { $0.0 == key.stringValue }) else { throw ScriptError(.keyError, key.repr) }
        return pair.1
    }
}

final class StubModel: HostObject {
    var adapterEnabled = true
    var typeName: String { "PeftModel" }
    func repr() -> String { "PeftModel(base=bert)" }
    var attributeNames: [String] { ["print_trainable_parameters", "save_pretrained", "disable_adapter"] }
    func asCallable() -> Builtin? {
        Builtin("PeftModel", [Parameter("input_ids", .list), Parameter("attention_mask", .list)], doc: "Forward pass.") { args in
            .dict([("logits", .list([.float(0.25), .float(0.75)])), ("adapter", .bool(self.adapterEnabled))])
        }
    }
    func getAttribute(_ name: String, context: CallContext) throws -> Value? {
        switch name {
        case "print_trainable_parameters":
            return .builtin(Builtin(name, owner: typeName, doc: "Print counts.") { args in
                try args.context.write("trainable params: 1,234 || all params: 100,000 || trainable%: 1.2340\n")
                return .none
            })
        case "disable_adapter":
            return .builtin(Builtin(name, owner: typeName, doc: "Context manager without the adapter.") { _ in .host(AdapterSwitch(model: self)) })
        default: return nil
        }
    }
}

final class AdapterSwitch: HostObject {
    let model: StubModel
    init(model: StubModel) { self.model = model }
    var typeName: String { "AdapterSwitch" }
    func repr() -> String { "<disable_adapter>" }
    func enter(context: CallContext) throws -> Value { model.adapterEnabled = false; return .none }
    func exit(error: ExceptionObject?, context: CallContext) throws -> Bool { model.adapterEnabled = true; return false }
}

final class HostObjectTests: XCTestCase {
    func makeInterpreter(_ buffer: CaptureBuffer) -> Interpreter {
        let interpreter = Interpreter(output: buffer)
        let loraConfig = Builtin("LoraConfig", [Parameter("task_type", .choice(["SEQ_CLS", "CAUSAL_LM"]), default: .str("SEQ_CLS")),
                                                Parameter("r", .int, default: .int(8)), Parameter("lora_alpha", .number, default: .int(8)),
                                                Parameter("lora_dropout", .number, default: .float(0)),
                                                Parameter.optional("target_modules", .sequence)],
                                 doc: "LoRA settings.", example: "LoraConfig(r=8)") { args in
            .host(StubConfig(fields: args.builtin.parameters.map { ($0.name, args[$0.name]) }))
        }
        let getPeftModel = Builtin("get_peft_model", [Parameter("model"), Parameter("peft_config", .host("LoraConfig"))],
                                   doc: "Wrap a model with LoRA.") { _ in .host(StubModel()) }
        interpreter.register(ModuleTable(name: "peft", doc: "PEFT", builtins: [loraConfig, getPeftModel]))
        interpreter.register(ModuleTable(name: "sklearn.metrics", doc: "metrics", builtins: [
            Builtin("accuracy_score", [Parameter("y_true", .sequence), Parameter("y_pred", .sequence)], doc: "Accuracy.") { args in
                let t = try args.list("y_true"), p = try args.list("y_pred")
                let hits = zip(t, p).filter { $0.0.intValue == $0.1.intValue }.count
                return .float(Double(hits) / Double(max(1, t.count)))
            },
        ]))
        interpreter.registerGlobal(Builtin("tokenizer", doc: "stub") { _ in .host(StubEncoding()) })
        return interpreter
    }

    func testSeedWorkflowShapedCode() {
        let buffer = CaptureBuffer()
        let interpreter = makeInterpreter(buffer)
        let source = """
        from peft import LoraConfig, get_peft_model
        from sklearn.metrics import accuracy_score
        import sklearn.metrics

        peft_config = LoraConfig(
            task_type="SEQ_CLS",
            r=8,
            lora_alpha=16,
            lora_dropout=0.1,
            target_modules=["q_lin", "v_lin"]
        )
        model = get_peft_model("base_model", peft_config)
        model.print_trainable_parameters()
        print(peft_config.r, peft_config.target_modules)

        def compute_metrics(eval_pred):
            logits, labels = eval_pred
            predictions = [max(range(len(row)), key=lambda i: row[i]) for row in logits]
            return {"accuracy": accuracy_score(labels, predictions)}

        metrics = compute_metrics(([[0.1, 0.9], [0.8, 0.2]], [1, 1]))
        print(f"accuracy: {metrics['accuracy']:.4f}", sklearn.metrics.accuracy_score([1], [1]))
        enc = tokenizer()
        out = model(**enc)
        print(out["logits"], enc["input_ids"])
        with model.disable_adapter():
            print(model(**enc)["adapter"])
        print(model(**enc)["adapter"])
        model
        """
        let result = interpreter.run(source, origin: "seed.lora")
        XCTAssertTrue(result.succeeded, result.error.map(DiagnosticRenderer.render) ?? "")
        XCTAssertEqual(buffer.text, """
            trainable params: 1,234 || all params: 100,000 || trainable%: 1.2340
            8 ['q_lin', 'v_lin']
            accuracy: 0.5000 1.0
            [0.25, 0.75] [[101, 102]]
            False
            True

            """)
        XCTAssertEqual(result.echo, "PeftModel(base=bert)")
        XCTAssertEqual(interpreter.completions(for: "model.print"), ["model.print_trainable_parameters"])
    }

    func testOneCheckerMessagesForHostBuiltins() {
        let interpreter = makeInterpreter(CaptureBuffer())
        let wrongKeyword = interpreter.run("from peft import LoraConfig\nLoraConfig(rank=8)", origin: "c")
        XCTAssertEqual(wrongKeyword.error?.headline, "TypeError: LoraConfig() got an unexpected keyword argument 'rank' (did you mean 'r'?)")
        let wrongChoice = interpreter.run("LoraConfig(task_type='SEQ_CLF')", origin: "c")
        XCTAssertEqual(wrongChoice.error?.headline,
                       "ValueError: LoraConfig() argument 'task_type' must be one of 'SEQ_CLS', 'CAUSAL_LM', not 'SEQ_CLF' (did you mean 'SEQ_CLS'?)")
        let wrongType = interpreter.run("LoraConfig(r='8')", origin: "c")
        XCTAssertEqual(wrongType.error?.headline, "TypeError: LoraConfig() argument 'r' must be int, not str")
    }

    /// Host code calls back into a language function (Trainer → compute_metrics, Dataset.map → fn).
    func testHostCallsLanguageFunction() throws {
        let interpreter = makeInterpreter(CaptureBuffer())
        XCTAssertTrue(interpreter.run("def double(x, scale=2):\n    return x * scale", origin: "c").succeeded)
        let function = try XCTUnwrap(interpreter.global("double"))
        let value = try interpreter.call(function, [.int(21)])
        XCTAssertEqual(value.intValue, 42)
        XCTAssertEqual(try interpreter.call(function, [.str("ab")], keywords: [("scale", .int(3))]).stringValue, "ababab")
        XCTAssertThrowsError(try interpreter.call(function, [])) { error in
            XCTAssertEqual((error as? ScriptError)?.exception.type.name, "TypeError")
        }
    }
}
