import Foundation
import XCTest
import TestSupport

/// Ctrl-C (the interpreter's interrupt) stops the Trainer at a step boundary; the session lives on.
final class InterruptTests: XCTestCase {
    func testInterruptStopsTrainingCleanly() throws {
        let path = try fixture("tiny-bert/tiny-bert-base")
        let out = try temporaryFolder()
        let session = ScriptSession()
        session.ok("""
        from transformers import BertForSequenceClassification, Trainer, TrainingArguments
        from peft import LoraConfig, get_peft_model
        from datasets import Dataset
        model = BertForSequenceClassification.from_pretrained("\(path)", num_labels=3)
        model = get_peft_model(model, LoraConfig(task_type="SEQ_CLS", r=4, lora_alpha=8, target_modules=["query", "value"]))
        data = Dataset.from_dict({"input_ids": [[1, 5 + i % 7, 17, 42, 3] for i in range(64)], "label": [i % 3 for i in range(64)]})
        args = TrainingArguments(output_dir="\(out)", num_train_epochs=100000, save_strategy="no", disable_tqdm=True,
                                 logging_steps=1000000)
        trainer = Trainer(model=model, args=args, train_dataset=data)
        """)
        let interpreter = session.interpreter
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.5) { interpreter.requestInterrupt() }
        let trained = session.ok("result = trainer.train()")
        XCTAssertTrue(trained.contains("Training interrupted after step"), trained)
        let after = session.ok("print(0 < result.global_step < 800000, trainer.state.global_step == result.global_step)")
        XCTAssertEqual(after, "True True\n")
    }
}

extension InterruptTests {
    /// The resume hint names the script's own variable, not a generic `trainer`.
    func testResumeHintNamesTheScriptsVariable() throws {
        let path = try fixture("tiny-bert/tiny-bert-base")
        let out = try temporaryFolder()
        let session = ScriptSession()
        session.ok("""
        from transformers import BertForSequenceClassification, Trainer, TrainingArguments
        from peft import LoraConfig, get_peft_model
        from datasets import Dataset
        model = BertForSequenceClassification.from_pretrained("\(path)", num_labels=3)
        model = get_peft_model(model, LoraConfig(task_type="SEQ_CLS", r=4, lora_alpha=8, target_modules=["query", "value"]))
        data = Dataset.from_dict({"input_ids": [[1, 5 + i % 7, 17, 42, 3] for i in range(64)], "label": [i % 3 for i in range(64)]})
        args = TrainingArguments(output_dir="\(out)", num_train_epochs=100000, save_strategy="steps", save_steps=1000000,
                                 disable_tqdm=True, logging_steps=1000000)
        trainer2 = Trainer(model=model, args=args, train_dataset=data)
        """)
        let interpreter = session.interpreter
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.5) { interpreter.requestInterrupt() }
        let trained = session.ok("result = trainer2.train()")
        XCTAssertTrue(trained.contains("To continue where it stopped: trainer2.train(resume_from_checkpoint=True)"), trained)
    }
}
