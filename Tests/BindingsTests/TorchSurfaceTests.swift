import Foundation
import XCTest
import TestSupport

/// The torch surface of training loops against PyTorch: each script in `TorchScripts/` is valid Python
/// and lorarepl; its `.expected` file is what CPython + PyTorch 2.13 (CPU) printed for it, recorded once
/// (`scripts/record-torch-surface.sh`). Numbers are rounded in the scripts (5 decimals), so float32
/// summation-order differences cannot flip them except at a rounding boundary.
final class TorchSurfaceTests: XCTestCase {
    static var scriptsRoot: URL { Fixtures.projectRoot.appendingPathComponent("Tests/BindingsTests/TorchScripts") }

    /// `ignoring`: prefixes of lines left out on both sides — the Trainer's own log lines (`{'loss': ...}`,
    /// `warning: ...`), which transformers prints through its logger in another form, and warnings Python
    /// writes on stderr (the harness captures lorarepl's stderr with its output).
    func runScript(_ name: String, replacing: [String: String] = [:], ignoring prefixes: [String] = [],
                   file: StaticString = #filePath, line: UInt = #line) throws {
        var source = try String(contentsOf: Self.scriptsRoot.appendingPathComponent("\(name).py"), encoding: .utf8)
        for (placeholder, value) in replacing { source = source.replacingOccurrences(of: placeholder, with: value) }
        let expected = try String(contentsOf: Self.scriptsRoot.appendingPathComponent("\(name).expected"), encoding: .utf8)
        let session = ScriptSession()
        let (output, error) = session.run(source)
        if let error { XCTFail("\(name).py raised:\n\(error)\noutput so far:\n\(output)", file: file, line: line) }
        // transformers prints its "newly initialized" loading notes on stderr; lorarepl prints them in the output.
        func trainerLine(_ text: String) -> Bool { prefixes.contains { text.hasPrefix($0) } }
        let got = output.components(separatedBy: "\n").filter {
            !$0.hasPrefix("Some weights of ") && !$0.hasPrefix("You should probably TRAIN") && !trainerLine($0)
        }
        let want = expected.components(separatedBy: "\n").filter { !trainerLine($0) }
        for (index, pair) in zip(got, want).enumerated() where pair.0 != pair.1 {
            XCTFail("\(name).py line \(index + 1) of output:\n  lorarepl: \(pair.0)\n  PyTorch:  \(pair.1)", file: file, line: line)
        }
        XCTAssertEqual(got.count, want.count, "\(name).py printed \(got.count) lines, PyTorch \(want.count)", file: file, line: line)
    }

    func testTensorMethodsMatchPyTorch() throws { try runScript("tensors") }
    func testLossesAndGradientsMatchPyTorch() throws { try runScript("losses") }
    func testOptimizersAndSchedulersMatchPyTorch() throws { try runScript("optim") }
    func testDataLoaderOrderAndCollationMatchPyTorch() throws { try runScript("data") }
    /// `torch.save(model.state_dict(), path)`, a dict checkpoint with the optimizer resumed, dtypes, views.
    func testSaveAndLoadCheckpointsAsPyTorch() throws { try runScript("serialization") }
    func testManualSeedDrivesOneStreamAsPyTorch() throws { try runScript("random_stream") }
    /// `class Net(nn.Module)` with Linear/activation/Dropout/Parameter attributes, Sequential, ModuleList,
    /// Identity: reprs, parameter names and order, train/eval, state_dict round trip, a hand-written AdamW loop.
    func testModuleSubclassesMatchPyTorch() throws { try runScript("nn_module") }
    /// compute_metrics idioms on numpy arrays and tensors, with NumPy's keyword names (axis=, keepdims=) on both.
    func testMetricIdiomsAcceptNumpyKeywordNames() throws { try runScript("metric_idioms") }
    /// datasets 4: ClassLabel/Value/Features, cast_column, sort (several columns, None last), iter, take/skip,
    /// concatenate_datasets, from_dict(features=).
    func testDatasetsFeaturesSortAndConcatenateMatchDatasets() throws { try runScript("datasets_api") }

    /// Calling DataCollatorWithPadding / ForTokenClassification / ForLanguageModeling on rows by hand and as a
    /// DataLoader's collate_fn, and `tokenizer.pad` (PEFT's collate_fn): keys in transformers' order, padded ids,
    /// masks, labels and dtypes equal transformers 5.25's.
    func testCollatorsAndTokenizerPadMatchTransformers() throws {
        let minilm = try demoAsset("models/sentence-transformers/all-MiniLM-L6-v2")
        try runScript("collators", replacing: ["{{MINILM}}": minilm])
    }
    func testTrainTestSplitMatchesScikitLearn() throws { try runScript("split") }
    /// Stratified train_test_split, KFold, StratifiedKFold, precision_recall_fscore_support, roc_auc_score,
    /// matthews_corrcoef and evaluate.load(accuracy | f1 | precision | recall | rouge | seqeval).compute().
    func testScikitLearnAndEvaluateExtrasMatch() throws {
        try runScript("sklearn_evaluate", ignoring: ["UndefinedMetricWarning: ", "UserWarning: "])
    }

    /// rouge_score 0.1.2 (`RougeScorer` with and without `use_stemmer`, `score_multi`, a tokenizer object,
    /// `BootstrapAggregator` after `np.random.seed`) and nltk's `PorterStemmer` in its three modes.
    func testRougeScoreAndPorterStemmerMatchPython() throws { try runScript("rouge_metrics") }

    /// Token classification (`token_classification.py`) against transformers 5 and seqeval 1.2.2: MiniLM's
    /// tokenizer on words (`is_split_into_words=True`, `word_ids()`, padding and truncation), the HF recipe's
    /// first-sub-token label alignment, and seqeval's f1/precision/recall (micro, macro, weighted) and
    /// `classification_report` in default and strict IOB2 mode on crafted sequences (I- without B-, adjacent entities).
    func testTokenClassificationPiecesMatchTransformersAndSeqeval() throws {
        let minilm = try demoAsset("models/sentence-transformers/all-MiniLM-L6-v2")
        try runScript("token_classification", replacing: ["{{MINILM}}": minilm], ignoring: ["UndefinedMetricWarning: ", "  _warn_prf("])
    }

    /// Extractive question answering as the Hugging Face course writes it (`question_answering.py`) against
    /// transformers 5.25 and datasets: a SQuAD-format JSON flattened into rows, prepare_train_features /
    /// prepare_validation_features unchanged through `map(batched=True, remove_columns=...)` (overflowing
    /// windows, offsets, sequence_ids, start/end positions), `trainer.predict` giving `(start_logits, end_logits)`,
    /// the course's n-best answer extraction, and three training steps' losses (no dropout).
    func testQuestionAnsweringCourseRecipeMatchesTransformers() throws {
        let minilm = try demoAsset("models/sentence-transformers/all-MiniLM-L6-v2")
        try runScript("question_answering", replacing: ["{{MINILM}}": minilm], ignoring: ["{'"])
    }

    /// `pipeline("ner")` (`token_classification_pipeline.py`) against transformers 5.25: every aggregation strategy on
    /// a text cut at model_max_length, and `stride=` windows whose entities are merged as transformers does.
    func testTokenClassificationPipelineAndStrideMatchTransformers() throws {
        let minilm = try demoAsset("models/sentence-transformers/all-MiniLM-L6-v2")
        try runScript("token_classification_pipeline", replacing: ["{{MINILM}}": minilm])
    }

    /// Autograd through indexing (ints, slices, None, index lists/tensors, boolean masks over leading dimensions),
    /// masked_fill, torch.where, gather, cat/stack of picks, max/min along a dim and overall (ties), clamp, expand
    /// and two mean-pooling idioms: values and gradients equal PyTorch's (5 decimals).
    func testAutogradThroughIndexingAndMasksMatchesPyTorch() throws { try runScript("autograd_select") }
    /// pow/abs/sqrt/std/var/norm/cumsum/topk/sort/index_select/masked_select/scatter, Ellipsis, in-place writes.
    func testAutogradThroughMathOrderingAndInPlaceWritesMatchesPyTorch() throws { try runScript("autograd_math") }
    /// Writes through views reach the base and back; advanced indexing copies; the version counter's error.
    func testViewsAndVersionCounterMatchPyTorch() throws { try runScript("views_version") }
    /// numpy arrays print as numpy 2.x prints them (str and repr), not as tensors.
    func testNumpyArraysPrintAsNumpy() throws { try runScript("numpy_printing") }
    /// norm/std of zeros have gradient 0 (no NaN); sqrt/log keep PyTorch's infinite slope.
    func testGradientsAtZeroMatchPyTorch() throws { try runScript("zero_gradients") }
    /// dim= tuples and lists for sum/mean/amax/amin/logsumexp/std/var/norm, values and gradients.
    func testReductionsOverSeveralDimsMatchPyTorch() throws { try runScript("reductions_dims") }
    /// scatter(reduce=) and scatter_reduce (sum, prod, mean, amax, amin; include_self): values and gradients.
    func testScatterReduceMatchesPyTorch() throws { try runScript("scatter_reduce") }
    func testSampleWeightOnAUCMatthewsAndReportMatchesScikitLearn() throws { try runScript("sklearn_sample_weight") }

    /// sample_weight on accuracy / precision / recall / f1 / precision_recall_fscore_support / confusion_matrix,
    /// roc_auc_score's max_fpr (McClish-standardised partial AUC), multi_class="ovo" and labels=, and
    /// evaluate.combine (shared keys prefixed, a metric listed twice numbered): scikit-learn 1.9 / evaluate 0.4.
    func testSampleWeightsPartialAUCAndCombinedMetricsMatch() throws { try runScript("sklearn_weights") }

    /// PEFT's manual loop (DataLoader → model(**batch) → backward → clip → AdamW → linear warmup) on MiniLM
    /// from the shared adapter fixture: every step's loss, gradient norm and learning rate, the accuracies and
    /// the final logits equal PyTorch's (4 decimals; logits 3).
    func testPeftManualLoopMatchesPyTorch() throws {
        let minilm = try demoAsset("models/sentence-transformers/all-MiniLM-L6-v2")
        let adapter = try fixture("minilm/lora_step/adapter")
        try runScript("peft_loop", replacing: ["{{MINILM}}": minilm, "{{ADAPTER}}": adapter])
    }

    /// Trainer extensions against transformers 5.25 (`trainer_ext.py`): gradient accumulation applies and logs
    /// what HF does (micro-batch means summed: loss and grad norm twice those without accumulation), the
    /// callback hook order with accumulation and evaluation, subclasses overriding training_step / log /
    /// evaluate / create_optimizer, `loss_is_scaled_for_ga = False`, and `optimizers=(opt, sched)`.
    func testTrainerExtensionsMatchTransformers() throws {
        let minilm = try demoAsset("models/sentence-transformers/all-MiniLM-L6-v2")
        let adapter = try fixture("minilm/lora_step/adapter")
        try runScript("trainer_ext", replacing: ["{{MINILM}}": minilm, "{{ADAPTER}}": adapter], ignoring: ["{'", "warning: "])
    }

    /// A Trainer subclass overriding create_scheduler (and one calling super().create_scheduler), and
    /// resume_from_checkpoint with optimizers=(AdamW, linear warmup): the resumed steps' losses, grad norms and
    /// learning rates equal the uninterrupted run's and transformers 5.25's.
    func testTrainerCreateSchedulerAndResumeWithScriptOptimizer() throws {
        let minilm = try demoAsset("models/sentence-transformers/all-MiniLM-L6-v2")
        let adapter = try fixture("minilm/lora_step/adapter")
        try runScript("trainer_resume", replacing: ["{{MINILM}}": minilm, "{{ADAPTER}}": adapter],
                      ignoring: ["{'", "warning: ", "Resuming from "])
    }

    /// A checkpoint of the built-in AdamW resumed with optimizers=(AdamW(model.parameters()), sched), and the
    /// reverse: transformers 5.25 refuses both (torch's "loaded state dict has a different number of parameter
    /// groups", checked with the reference stack); lorarepl refuses too, naming the set-up to resume with.
    func testResumingAcrossOptimizerSetUpsIsRefusedAsTransformersDoes() throws {
        let minilm = try demoAsset("models/sentence-transformers/all-MiniLM-L6-v2")
        let adapter = try fixture("minilm/lora_step/adapter")
        let session = ScriptSession()
        let (_, setupError) = session.run("""
        import torch, shutil
        from datasets import Dataset
        from transformers import AutoTokenizer, AutoModelForSequenceClassification, Trainer, TrainingArguments
        from transformers import get_linear_schedule_with_warmup
        from peft import PeftModel
        tokenizer = AutoTokenizer.from_pretrained("\(minilm)")
        data = Dataset.from_dict({"text": ["good", "bad", "great", "awful"], "label": [1, 0, 1, 0]})
        data = data.map(lambda b: tokenizer(b["text"]), batched=True)
        def trainer(kind, steps, out):
            model = PeftModel.from_pretrained(AutoModelForSequenceClassification.from_pretrained("\(minilm)", num_labels=3),
                                              "\(adapter)", is_trainable=True)
            args = TrainingArguments(out, max_steps=steps, save_steps=1, per_device_train_batch_size=4, report_to="none")
            optimizers = (None, None)
            if kind == "script":
                opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
                optimizers = (opt, get_linear_schedule_with_warmup(opt, 0, 2))
            return Trainer(model=model, args=args, train_dataset=data, optimizers=optimizers)
        """)
        XCTAssertNil(setupError)
        for (saved, resumed, message) in [("builtin", "script", "holds the Trainer's built-in AdamW state"),
                                          ("script", "builtin", "holds a torch.optim optimizer's state")] {
            let out = NSTemporaryDirectory() + "lorarepl-resume-\(saved)"
            let (_, trainError) = session.run("shutil.rmtree('\(out)', ignore_errors=True)\ntrainer('\(saved)', 2, '\(out)').train()")
            XCTAssertNil(trainError)
            let (_, error) = session.run("trainer('\(resumed)', 2, '\(out)').train(resume_from_checkpoint='\(out)/checkpoint-1')")
            XCTAssertTrue(error?.contains(message) ?? false, error ?? "no error")
            XCTAssertTrue(error?.contains("different number of parameter groups") ?? false, error ?? "no error")
        }
    }

    /// Issue 14's "done when", tutorial scripts run unchanged: a manual PEFT loop over a sentence encoder with a
    /// custom collate_fn, masked mean pooling of last_hidden_state and an nn.Linear head (every step's loss, grad
    /// norm and lr, the accuracies), and a Trainer subclass with class weights (compute_class_weight +
    /// CrossEntropyLoss(weight=)) and a create_scheduler override (losses, grad norms, lrs, eval metrics).
    func testTutorialMeanPoolingLoopMatchesPyTorch() throws {
        let minilm = try demoAsset("models/sentence-transformers/all-MiniLM-L6-v2")
        let adapter = Self.scriptsRoot.appendingPathComponent("fixtures/minilm_feature_adapter").path
        try runScript("tutorial_mean_pooling", replacing: ["{{MINILM}}": minilm, "{{FE_ADAPTER}}": adapter])
    }

    func testTutorialWeightedTrainerMatchesTransformers() throws {
        let minilm = try demoAsset("models/sentence-transformers/all-MiniLM-L6-v2")
        let adapter = try fixture("minilm/lora_step/adapter")
        try runScript("tutorial_weighted_trainer", replacing: ["{{MINILM}}": minilm, "{{ADAPTER}}": adapter], ignoring: ["{'", "warning: "])
    }

    /// generate() options on SmolLM2 against transformers 5.25 (`generation.py`): greedy, beam search with
    /// length_penalty / early_stopping / num_return_sequences, no_repeat_ngram_size, repetition_penalty,
    /// min_new_tokens, min_length, bad_words_ids, return_dict_in_generate + output_scores: token ids equal.
    func testGenerationOptionsMatchTransformers() throws {
        let smollm = try demoAsset("models/HuggingFaceTB/SmolLM2-135M-Instruct")
        try runScript("generation", replacing: ["{{SMOLLM}}": smollm], ignoring: ["warning: "])
    }

    /// Beam sampling (do_sample=True, num_beams > 1), as transformers' _beam_search with do_sample: the same
    /// `seed=` gives the same beams, num_return_sequences returns that many sequences of the right length, and top_k
    /// too small to draw 2 × num_beams continuations is torch.multinomial's error. The drawn tokens are not
    /// transformers' (another random stream).
    func testBeamSamplingRunsSeededAndExplainsTooFewCandidates() throws {
        let smollm = try demoAsset("models/HuggingFaceTB/SmolLM2-135M-Instruct")
        let session = ScriptSession()
        let (output, error) = session.run("""
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer
        tokenizer = AutoTokenizer.from_pretrained("\(smollm)", gguf_file="SmolLM2-135M-Instruct.Q4_1.gguf")
        model = AutoModelForCausalLM.from_pretrained("\(smollm)", gguf_file="SmolLM2-135M-Instruct.Q4_1.gguf")
        enc = tokenizer("The capital of France is", return_tensors="pt")
        def run():
            out = model.generate(**enc, max_new_tokens=6, do_sample=True, num_beams=3, num_return_sequences=2, top_k=20, seed=3,
                                 temperature=0.9, return_dict_in_generate=True, output_scores=True)
            return out.sequences.tolist(), list(out.sequences_scores.shape), len(out.scores)
        first, second = run(), run()
        print(first == second, len(first[0]), first[1], first[2] <= 6)
        """)
        XCTAssertNil(error)
        XCTAssertTrue(output.contains("True 2 [2] True"), output)
        let (_, tooFew) = session.run("model.generate(**enc, max_new_tokens=3, do_sample=True, num_beams=3, top_k=1)")
        XCTAssertTrue(tooFew?.contains("not enough non-negative category to sample") ?? false, tooFew ?? "no error")
    }

    /// `model.generation_config` supplies defaults a call does not pass; `pipeline("text-generation")` returns the
    /// prompt plus the decoded continuation of `generate`; bad options are clear errors.
    func testGenerationConfigAndTextGenerationPipeline() throws {
        let smollm = try demoAsset("models/HuggingFaceTB/SmolLM2-135M-Instruct")
        let session = ScriptSession()
        let output = session.ok("""
        from transformers import AutoModelForCausalLM, AutoTokenizer, GenerationConfig, pipeline
        tokenizer = AutoTokenizer.from_pretrained("\(smollm)", gguf_file="SmolLM2-135M-Instruct.Q4_1.gguf")
        model = AutoModelForCausalLM.from_pretrained("\(smollm)", gguf_file="SmolLM2-135M-Instruct.Q4_1.gguf")
        enc = tokenizer("The capital of France is", return_tensors="pt")
        print(model.generation_config.eos_token_id, model.generation_config.num_beams)
        model.generation_config.max_new_tokens = 3
        print(model.generate(**enc).shape[1] - enc["input_ids"].shape[1])
        print(model.generate(**enc, generation_config=GenerationConfig(max_new_tokens=2)).shape[1] - enc["input_ids"].shape[1])
        model.generation_config.max_new_tokens = None
        ids = model.generate(**enc, max_new_tokens=6)[0].tolist()[5:]
        generator = pipeline("text-generation", model=model, tokenizer=tokenizer)
        result = generator("The capital of France is", max_new_tokens=6)
        print(result[0]["generated_text"] == "The capital of France is" + tokenizer.decode(ids, skip_special_tokens=True))
        print(generator("The capital of France is", max_new_tokens=6, return_full_text=False)[0]["generated_text"] == tokenizer.decode(ids, skip_special_tokens=True))
        chat = generator([{"role": "user", "content": "Hi"}], max_new_tokens=4)
        print(chat[0]["generated_text"][-1]["role"], len(chat[0]["generated_text"]))
        """)
        XCTAssertEqual(output.split(separator: "\n").filter { !$0.hasPrefix("warning") }, ["2 1", "3", "2", "True", "True", "assistant 2"], output)
        let (_, greedy) = session.run("model.generate(**enc, max_new_tokens=3, num_return_sequences=2)")
        XCTAssertTrue(greedy?.contains("Greedy methods without beam search do not support `num_return_sequences`") ?? false, greedy ?? "no error")
        let (_, beams) = session.run("model.generate(**enc, max_new_tokens=3, num_beams=2, num_return_sequences=3)")
        XCTAssertTrue(beams?.contains("has to be smaller or equal to `num_beams` (2)") ?? false, beams ?? "no error")
        let (_, bad) = session.run("model.generate(**enc, max_new_tokens=3, bad_words_ids=[5])")
        XCTAssertTrue(bad?.contains("`bad_words_ids` has to be a list of lists of positive integers") ?? false, bad ?? "no error")
        let (_, option) = session.run("model.generation_config.max_tokens = 3")
        XCTAssertTrue(option?.contains("GenerationConfig has no option 'max_tokens'") ?? false, option ?? "no error")
    }

    /// Tutorial code pasted as blogs write it: linear/logistic regression and an MLP from scratch (hand-written
    /// SGD under no_grad, nn.Linear + optim, eval under no_grad, accuracy by (preds == labels).sum().item()), and
    /// a PEFT snippet with print_trainable_parameters, sliced tensor batches and per-epoch evaluation.
    func testTutorialFromScratchMatchesPyTorch() throws { try runScript("tutorial_from_scratch") }
    func testTutorialPeftEvaluationLoopMatchesPyTorch() throws {
        let minilm = try demoAsset("models/sentence-transformers/all-MiniLM-L6-v2")
        let adapter = try fixture("minilm/lora_step/adapter")
        try runScript("tutorial_peft_eval", replacing: ["{{MINILM}}": minilm, "{{ADAPTER}}": adapter])
    }

    /// Printing and converting as PyTorch/numpy do: `_tensor_str`'s integer/fixed/scientific modes, widths,
    /// wrapping, summaries, dtype and autograd suffixes (`tensor_printing`); float32 values widened to Python
    /// floats (`float32_scalars`); scikit-learn returning numpy arrays (`sklearn_arrays`); tutorial cells
    /// printing logits, probabilities, predictions, losses, parameters and confusion matrices.
    func testTensorsPrintAsPyTorchPrintsThem() throws { try runScript("tensor_printing") }
    func testFloat32ValuesConvertAsPyTorchAndNumpy() throws { try runScript("float32_scalars") }
    func testScikitLearnReturnsNumpyArrays() throws { try runScript("sklearn_arrays") }
    func testTutorialLinearModelPrintsAsPyTorch() throws { try runScript("tutorial_linear_model") }
    func testTutorialEvaluationReportPrintsAsPyTorch() throws { try runScript("tutorial_eval_report") }
    func testTutorialLogitsPrintAsPyTorch() throws {
        let minilm = try demoAsset("models/sentence-transformers/all-MiniLM-L6-v2")
        let adapter = try fixture("minilm/lora_step/adapter")
        try runScript("tutorial_print_logits", replacing: ["{{MINILM}}": minilm, "{{ADAPTER}}": adapter])
    }

    /// torch.save writes only what torch.load(weights_only=True) reads back; anything else is a clear refusal.
    func testTorchSaveRefusesWhatWeightsOnlyCannotLoad() {
        let session = ScriptSession()
        let (_, error) = session.run("import torch\ntorch.save(print, 'model.pt')")
        XCTAssertTrue(error?.contains("torch.save cannot save obj") ?? false, error ?? "no error")
        XCTAssertTrue(error?.contains("weights_only=True") ?? false, error ?? "no error")
    }

    func testCudaIsAClearErrorAndCpuIsANoOp() {
        let session = ScriptSession()
        let (_, error) = session.run("""
        import torch
        t = torch.tensor([1.0])
        t.to("cpu")
        t.to("cuda")
        """)
        XCTAssertTrue(error?.contains("lorarepl runs on the CPU only; 'cuda' is not available") ?? false, error ?? "no error")
        let (_, cudaError) = session.run("t.cuda()")
        XCTAssertTrue(cudaError?.contains("CPU only") ?? false, cudaError ?? "no error")
    }

    func testBackwardWithoutGradientsIsAClearError() {
        let session = ScriptSession()
        let (_, error) = session.run("""
        import torch
        p = torch.tensor([1.0, 2.0], requires_grad=True)
        with torch.no_grad():
            loss = (p * 2).sum()
        loss.backward()
        """)
        XCTAssertTrue(error?.contains("does not require grad") ?? false, error ?? "no error")
    }

    func testOptimizerRejectsNonParameters() {
        let session = ScriptSession()
        let (_, error) = session.run("""
        import torch
        opt = torch.optim.AdamW([1, 2], lr=0.1)
        """)
        XCTAssertTrue(error?.contains("optimizer can only optimize parameters") ?? false, error ?? "no error")
    }
}

/// Old spellings pasted from older tutorials, and `set_format("torch")` rows.
final class TorchCompatibilityTests: XCTestCase {
    func testDeprecatedTrainingArgumentsNamesWarnOnceAndApply() {
        let session = ScriptSession()
        let output = session.ok("""
        args = TrainingArguments(output_dir="out", evaluation_strategy="epoch", warmup_ratio=0.1)
        print(args.eval_strategy, args.warmup_steps)
        """)
        XCTAssertTrue(output.contains("warning: 'evaluation_strategy' is deprecated; use 'eval_strategy'"), output)
        XCTAssertTrue(output.contains("warning: 'warmup_ratio' is deprecated; use 'warmup_steps'"), output)
        XCTAssertTrue(output.contains("epoch 0.1"), output)
        XCTAssertFalse(output.contains("unexpected keyword"), output)
        let (_, error) = session.run("TrainingArguments(output_dir='out', evaluation_strategy='epoch', eval_strategy='no')")
        XCTAssertTrue(error?.contains("got both 'evaluation_strategy' and 'eval_strategy'") ?? false, error ?? "no error")
    }

    func testSetFormatTorchGivesTensorRows() {
        let session = ScriptSession()
        let output = session.ok("""
        from datasets import Dataset
        from torch.utils.data import DataLoader
        ds = Dataset.from_dict({"input_ids": [[1, 2], [3, 4], [5, 6]], "label": [0, 1, 0], "text": ["a", "b", "c"]})
        ds.set_format("torch", columns=["input_ids", "label"])
        print(type(ds[0]["input_ids"]).__name__, ds[0]["input_ids"].tolist(), ds[0]["label"].item(), sorted(ds[0].keys()))
        batch = next(iter(DataLoader(ds, batch_size=2)))
        print(batch["input_ids"].tolist(), batch["label"].tolist())
        plain = ds.with_format(None)
        print(plain[0]["input_ids"], plain[0]["text"])
        """)
        XCTAssertEqual(output, """
        Tensor [1, 2] 0 ['input_ids', 'label']
        [[1, 2], [3, 4]] [0, 1]
        [1, 2] a

        """)
    }
}
