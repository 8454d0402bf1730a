import Foundation
import XCTest
import TestSupport

/// User callbacks written as dicts of language functions, run through the real Trainer on tiny-bert.
final class CallbackTests: XCTestCase {
    /// A LoRA tiny-bert, 18 training rows and 6 eval rows, and `record(name)` building a hook that
    /// appends `(name, state.global_step)` (plus the first logged key for on_log) to `events`.
    private func session(output out: String) throws -> ScriptSession {
        let path = try fixture("tiny-bert/tiny-bert-base")
        let session = ScriptSession()
        session.ok("""
        from transformers import BertForSequenceClassification, Trainer, TrainingArguments, EarlyStoppingCallback
        from peft import LoraConfig, get_peft_model
        from datasets import Dataset
        model = BertForSequenceClassification.from_pretrained("\(path)", num_labels=3)
        model = get_peft_model(model, LoraConfig(task_type="SEQ_CLS", r=4, lora_alpha=8, target_modules=["query", "value"]))
        rows = {"input_ids": [[1, 5 + i % 7, 17, 42 - i % 5, 3] for i in range(24)], "label": [i % 3 for i in range(24)]}
        data = Dataset.from_dict(rows).train_test_split(test_size=0.25, seed=0)
        train_data, val_data = data["train"], data["test"]
        events = []
        def record(name):
            def hook(args, state, control, **kwargs):
                events.append((name, state.global_step))
            return hook
        def on_log(args, state, control, logs=None, **kwargs):
            first = list(logs.keys())[0]
            events.append(("on_log", state.global_step, first))
        hooks = {name: record(name) for name in ["on_init_end", "on_train_begin", "on_epoch_begin", "on_step_begin",
                 "on_step_end", "on_evaluate", "on_save", "on_epoch_end", "on_train_end"]}
        hooks["on_log"] = on_log
        def arguments(**changes):
            settings = dict(output_dir="\(out)", per_device_train_batch_size=6, num_train_epochs=2, logging_steps=2,
                            eval_strategy="epoch", save_strategy="epoch", report_to=[], disable_tqdm=True)
            settings.update(changes)
            return TrainingArguments(**settings)
        """)
        return session
    }

    /// Every hook fires in HF's order and count: 18 rows / batch 6 = 3 steps per epoch, 2 epochs, a log
    /// every 2 steps, evaluate + save at each epoch end (log → on_evaluate → on_save), the train summary last.
    func testHooksFireInHuggingFacesOrder() throws {
        let out = try temporaryFolder()
        let session = try session(output: out)
        let output = session.ok("""
        trainer = Trainer(model=model, args=arguments(), train_dataset=train_data, eval_dataset=val_data, callbacks=[hooks])
        result = trainer.train()
        for event in events:
            print(*event)
        """)
        let expected = """
        on_init_end 0
        on_train_begin 0
        on_epoch_begin 0
        on_step_begin 0
        on_step_end 1
        on_step_begin 1
        on_step_end 2
        on_log 2 loss
        on_step_begin 2
        on_step_end 3
        on_epoch_end 3
        on_log 3 eval_loss
        on_evaluate 3
        on_save 3
        on_epoch_begin 3
        on_step_begin 3
        on_step_end 4
        on_log 4 loss
        on_step_begin 4
        on_step_end 5
        on_step_begin 5
        on_step_end 6
        on_log 6 loss
        on_epoch_end 6
        on_log 6 eval_loss
        on_evaluate 6
        on_save 6
        on_log 6 train_runtime
        on_train_end 6

        """
        XCTAssertTrue(output.hasSuffix(expected), output)
    }

    /// `control.should_training_stop = True` stops at exactly that step; `control.should_save = True`
    /// writes a checkpoint the strategy alone would not; the state is HF's.
    func testControlWritesTakeEffect() throws {
        let out = try temporaryFolder()
        let session = try session(output: out)
        let output = session.ok("""
        seen = {}
        def on_step_end(args, state, control, **kwargs):
            if state.global_step == 2:
                control.should_save = True
            if state.global_step == 4:
                seen["state"] = (state.max_steps, state.epoch, state.is_world_process_zero, len(state.log_history), args.logging_steps)
                control.should_training_stop = True
        def on_train_end(args, state, control, model=None, **kwargs):
            seen["model"] = model is trainer.model
        trainer = Trainer(model=model, args=arguments(save_strategy="no", eval_strategy="no"), train_dataset=train_data)
        trainer.add_callback({"on_step_end": on_step_end, "on_train_end": on_train_end})
        result = trainer.train()
        print(result.global_step, trainer.state.global_step, seen["state"], seen["model"])
        """)
        // Step 4 is 1⅓ epochs in; log_history holds the step-2 loss log and the step-4 one is not yet written.
        XCTAssertTrue(output.hasSuffix("4 4 (6, 1.3333333333333333, True, 1, 2) True\n"), output)
        let checkpoints = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasPrefix("checkpoint-") }
        XCTAssertEqual(checkpoints, ["checkpoint-2"])  // save_strategy="no": only the step the hook asked for
    }

    /// A hook gets only the keywords it declares (or all with **kwargs); lambdas and builtins work too.
    func testHooksNeedNotDeclareEveryKeyword() throws {
        let out = try temporaryFolder()
        let session = try session(output: out)
        let output = session.ok("""
        got = []
        def on_evaluate(args, state, control, metrics):
            got.append(sorted(metrics)[:2])
        def on_log(args, state, control):
            got.append("log")
        def on_train_begin(args, state, control, *, processing_class=None, model=None):
            got.append((processing_class, "model" if model is not None else None))
        trainer = Trainer(model=model, args=arguments(logging_steps=100), train_dataset=train_data, eval_dataset=val_data,
                          callbacks=[{"on_evaluate": on_evaluate, "on_log": on_log, "on_train_begin": on_train_begin,
                                      "on_epoch_end": lambda args, state, control, **kw: got.append(round(state.epoch))}])
        trainer.train()
        print(got)
        """)
        XCTAssertTrue(output.hasSuffix("[(None, 'model'), 1, 'log', ['epoch', 'eval_loss'], 2, 'log', ['epoch', 'eval_loss'], 'log']\n"), output)
    }

    func testBadCallbackDictsAreExplained() throws {
        let out = try temporaryFolder()
        let session = try session(output: out)
        func error(_ code: String) -> String { session.run(code).error ?? "no error" }
        let base = "Trainer(model=model, args=arguments(), train_dataset=train_data, eval_dataset=val_data, callbacks="
        let typo = error(base + "[{'on_epoch_ended': print}])")
        XCTAssertTrue(typo.contains("ValueError: unknown callback hook 'on_epoch_ended' (did you mean 'on_epoch_end'?)"), typo)
        let notCallable = error(base + "[{'on_log': 3}])")
        XCTAssertTrue(notCallable.contains("TypeError: the callback for 'on_log' must be a function, not int"), notCallable)
        let called = error("def on_log(args, state, control, **kwargs):\n    pass\n" + base + "[{'on_log': on_log()}])")
        XCTAssertTrue(called.contains("TypeError: on_log() missing 3 required positional arguments: 'args', 'state', and 'control'"), called)
        let short = error("def on_log(logs):\n    pass\n" + base + "[{'on_log': on_log}])")
        XCTAssertTrue(short.contains("TypeError: the callback for 'on_log' takes 1 positional argument, but the Trainer passes 3 (args, state, control)"), short)
        XCTAssertTrue(short.contains("def on_log(args, state, control, **kwargs):"), short)
        // Every HF hook fires now (issue 14), on_optimizer_step included (its order: TrainerExtensionTests).
        let optimizerHook = error(base + "[{'on_optimizer_step': lambda args, state, control, **kw: None}])")
        XCTAssertEqual(optimizerHook, "no error")
        let wrongItem = error(base + "['on_log'])")
        XCTAssertTrue(wrongItem.contains("TypeError: a callback must be EarlyStoppingCallback(...) or a dict of hook functions, not str"), wrongItem)
    }

    /// An exception in a hook ends the run at that step with the language traceback; a mistyped control
    /// flag is an error rather than a run that never stops; the session and the model stay usable.
    func testExceptionInAHookStopsTrainingCleanly() throws {
        let out = try temporaryFolder()
        let session = try session(output: out)
        let (_, raised) = session.run("""
        def check(state):
            if state.global_step == 3:
                raise RuntimeError("loss looks wrong")
        def on_step_end(args, state, control, **kwargs):
            check(state)
        trainer = Trainer(model=model, args=arguments(eval_strategy="no", save_strategy="no"), train_dataset=train_data,
                          callbacks=[{"on_step_end": on_step_end}])
        trainer.train()
        """)
        let text = raised ?? "no error"
        XCTAssertTrue(text.contains("RuntimeError: loss looks wrong"), text)
        XCTAssertTrue(text.contains("note: in 'check', called from test.lora:5:5"), text)  // the line in on_step_end
        XCTAssertTrue(text.contains("raised by the on_step_end callback at global step 3"), text)
        XCTAssertEqual(session.ok("print(trainer.state.global_step)"), "3\n")
        let (_, typo) = session.run("""
        def stop(args, state, control, **kwargs):
            control.should_stop = True
        Trainer(model=model, args=arguments(), train_dataset=train_data, eval_dataset=val_data, callbacks=[{"on_step_end": stop}]).train()
        """)
        XCTAssertTrue((typo ?? "").contains("AttributeError: 'TrainerControl' object has no attribute 'should_stop' (did you mean 'should_training_stop'?)"),
                      typo ?? "no error")
        let (_, readOnly) = session.run("""
        def bump(args, state, control, **kwargs):
            state.global_step = 99
        Trainer(model=model, args=arguments(), train_dataset=train_data, eval_dataset=val_data, callbacks=[{"on_step_end": bump}]).train()
        """)
        XCTAssertTrue((readOnly ?? "").contains("AttributeError: TrainerState.global_step is read-only in a callback"), readOnly ?? "no error")
        // Same inputs twice give the same logits: the model is back in eval mode (no dropout) after the error.
        let again = session.ok("""
        enc = {"input_ids": [[1, 5, 17, 42, 3]], "attention_mask": [[1, 1, 1, 1, 1]]}
        print((model(**enc).logits == model(**enc).logits).all())
        result = Trainer(model=model, args=arguments(), train_dataset=train_data, eval_dataset=val_data).train()
        print(result.global_step)
        """)
        XCTAssertTrue(again.hasPrefix("True\n") && again.hasSuffix("\n6\n"), again)
    }

    /// Ctrl-C while a hook's own code runs (here an endless loop at step 2) stops the run at that step
    /// boundary with the interrupt note, as between steps, instead of escaping as a KeyboardInterrupt.
    func testInterruptInsideAHookStopsAtTheStepBoundary() throws {
        let out = try temporaryFolder()
        let session = try session(output: out)
        session.ok("""
        def stall(args, state, control, **kwargs):
            while state.global_step == 2:
                pass
        trainer = Trainer(model=model, args=arguments(eval_strategy="no", save_strategy="no"), train_dataset=train_data,
                          callbacks=[{"on_step_end": stall}])
        """)
        let interpreter = session.interpreter
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.5) { interpreter.requestInterrupt() }
        let trained = session.ok("result = trainer.train()")
        XCTAssertTrue(trained.contains("Training interrupted after step 2"), trained)
        XCTAssertEqual(session.ok("print(result.global_step, trainer.state.global_step)"), "2 2\n")
    }

    func testAddRemoveAndPopCallbacks() throws {
        let out = try temporaryFolder()
        let session = try session(output: out)
        let output = session.ok("""
        counts = {"a": 0, "b": 0}
        def count_a(args, state, control, **kwargs):
            counts["a"] += 1
        def count_b(args, state, control, **kwargs):
            counts["b"] += 1
        a, b = {"on_step_end": count_a}, {"on_step_end": count_b}
        trainer = Trainer(model=model, args=arguments(load_best_model_at_end=True), train_dataset=train_data, eval_dataset=val_data,
                          callbacks=[a, EarlyStoppingCallback])  # the class itself, as HF allows
        trainer.add_callback(b)
        trainer.remove_callback(a)
        early = trainer.pop_callback(EarlyStoppingCallback)
        print(early, trainer.pop_callback(a), trainer.pop_callback(b) is b)
        trainer.add_callback(b)
        trainer.train()
        print(counts)
        """)
        XCTAssertTrue(output.contains("EarlyStoppingCallback(early_stopping_patience=1, early_stopping_threshold=0.0) None True\n"), output)
        XCTAssertTrue(output.hasSuffix("\n{'a': 0, 'b': 6}\n"), output)  // a removed, b added after its pop: once per step
    }
}
