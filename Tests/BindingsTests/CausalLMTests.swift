import XCTest
import TestSupport

/// Generation, chat and instruction tuning from scripts, on the demo SmolLM2 (skipped loudly when the
/// asset is absent).
final class CausalLMTests: XCTestCase {
    static let asset = "models/HuggingFaceTB/SmolLM2-135M-Instruct/SmolLM2-135M-Instruct.Q4_1.gguf"

    func session() throws -> ScriptSession {
        let path = try demoAsset(Self.asset)
        let session = ScriptSession()
        session.ok("""
        from transformers import AutoTokenizer, AutoModelForCausalLM, TextStreamer
        from transformers import DataCollatorForLanguageModeling, DataCollatorForSeq2Seq, Trainer, TrainingArguments
        from peft import LoraConfig, get_peft_model
        from datasets import Dataset
        from chat import chat, reply, tokenize_chat
        path = "\(path)"
        tokenizer = AutoTokenizer.from_pretrained(path)
        messages = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Capital of France?"},
                    {"role": "assistant", "content": "Paris."}, {"role": "user", "content": "And of Italy?"},
                    {"role": "assistant", "content": "Rome."}]
        """)
        return session
    }

    /// Labels keep exactly the assistant turns (text + <|im_end|>); the ids equal the whole rendering's.
    func testTokenizeChatMasksEverythingButTheAnswers() throws {
        let s = try session()
        let output = s.ok("""
        row = tokenize_chat(tokenizer, messages)
        print(row["input_ids"] == tokenizer.apply_chat_template(messages, tokenize=True))
        print(len(row["input_ids"]) == len(row["labels"]) == len(row["attention_mask"]), set(row["attention_mask"]))
        kept = [t for t in row["labels"] if t != -100]
        print(repr(tokenizer.decode(kept)))
        spans = []
        previous = 0
        for t in row["labels"]:
            if (t == -100) != (previous == -100):
                spans.append("answer" if t != -100 else "masked")
            previous = t
        print(spans)
        enc = tokenizer.apply_chat_template(messages, return_dict=True, return_assistant_tokens_mask=True)
        print(list(enc.keys()), sum(enc["assistant_masks"]) == len(kept))
        short = tokenize_chat(tokenizer, messages, max_length=10)
        print(len(short["input_ids"]), set(short["labels"]))
        """)
        XCTAssertEqual(output, """
        True
        True {1}
        'Paris.<|im_end|>Rome.<|im_end|>'
        ['masked', 'answer', 'masked', 'answer', 'masked']
        ['input_ids', 'attention_mask', 'assistant_masks'] True
        10 {-100}

        """)
        var (_, error) = s.run("tokenizer.apply_chat_template(messages, return_assistant_tokens_mask=True)")
        XCTAssertTrue((error ?? "").contains("needs return_dict=True"), error ?? "no error")
        (_, error) = s.run("tokenize_chat(tokenizer, [{'role': 'user', 'content': 'hi'}])")
        XCTAssertTrue((error ?? "").contains("no assistant message"), error ?? "no error")
    }

    /// The streamer prints what generate returns; a fresh LoRA adapter (B = 0) changes nothing; seeded
    /// sampling repeats; chat() keeps the history.
    func testGenerateStreamsAndWorksThroughPeft() throws {
        let s = try session()
        s.ok("""
        model = AutoModelForCausalLM.from_pretrained(path)
        prompt = tokenizer.apply_chat_template([{"role": "user", "content": "Name a colour."}], add_generation_prompt=True, return_tensors="pt")
        """)
        let streamed = s.ok("out = model.generate(input_ids=prompt, max_new_tokens=12, streamer=TextStreamer(tokenizer, skip_prompt=True))")
        let decoded = s.ok("print(tokenizer.decode(out[0].tolist()[len(prompt[0]):]))")
        XCTAssertEqual(streamed, decoded)
        XCTAssertFalse(streamed.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
        let output = s.ok("""
        base = out[0].tolist()
        a = model.generate(input_ids=prompt, max_new_tokens=8, do_sample=True, temperature=0.9, seed=3)[0].tolist()
        b = model.generate(input_ids=prompt, max_new_tokens=8, do_sample=True, temperature=0.9, seed=3)[0].tolist()
        print(a == b)
        peft_model = get_peft_model(model, LoraConfig(task_type="CAUSAL_LM", r=4, target_modules=["q_proj", "v_proj"]))
        print(peft_model.generate(input_ids=prompt, max_new_tokens=12)[0].tolist() == base)
        history = []
        chat(peft_model, tokenizer, "Name a colour.", history, max_new_tokens=12)
        print([m["role"] for m in history], history[-1]["content"] == tokenizer.decode(base[len(prompt[0]):], skip_special_tokens=True).strip())
        print(reply(peft_model, tokenizer, history[:2], max_new_tokens=12) == history[-1]["content"])
        """)
        let lines = output.split(separator: "\n").map(String.init)
        XCTAssertEqual(Array(lines.prefix(2)), ["True", "True"], output)
        XCTAssertEqual(Array(lines.suffix(2)), ["['user', 'assistant'] True", "True"], output)
        let batch = s.ok("""
        prompts = ["The capital of France is", "One plus one equals two, and two plus two equals"]
        enc = tokenizer(prompts, padding=True, return_tensors="pt")
        out = model.generate(**enc, max_new_tokens=6)
        singles = [model.generate(**tokenizer(p, return_tensors="pt"), max_new_tokens=6)[0].tolist() for p in prompts]
        print(out.shape[0], [tokenizer.decode(r, skip_special_tokens=True) for r in out.tolist()] == [tokenizer.decode(r, skip_special_tokens=True) for r in singles])
        """)
        XCTAssertEqual(batch, "2 True\n")
        let (_, batchError) = s.run("model.generate(**enc, streamer=TextStreamer(tokenizer))")
        XCTAssertTrue((batchError ?? "").contains("prints one sequence"), batchError ?? "no error")
        let (_, error) = s.run("model.generate(input_ids=prompt, streamer=3)")
        XCTAssertTrue((error ?? "").contains("streamer must be a TextStreamer"), error ?? "no error")
    }

    /// A left-padded batch as tutorials write it: one forward per step for all rows, the same tokens as
    /// one prompt at a time, `return_dict_in_generate` + `output_scores` with a row per prompt at every
    /// step (transformers' shapes), sampling with num_return_sequences, and the text-generation pipeline
    /// on a list with batch_size (same texts as batch_size=1).
    func testPaddedBatchGeneratesWithScoresAndThroughThePipeline() throws {
        let s = try session()
        let output = s.ok("""
        from transformers import pipeline
        model = AutoModelForCausalLM.from_pretrained(path)
        tokenizer.padding_side = "left"
        prompts = ["The capital of France is", "Name three colors:", "def add(a, b):"]
        enc = tokenizer(prompts, padding=True, return_tensors="pt")
        out = model.generate(**enc, max_new_tokens=5, return_dict_in_generate=True, output_scores=True)
        width = enc["input_ids"].shape[1]
        singles = [model.generate(**tokenizer(p, return_tensors="pt"), max_new_tokens=5)[0].tolist()[len(tokenizer(p)["input_ids"]):] for p in prompts]
        print(out.sequences.shape[0], out.sequences.shape[1] - width, len(out.scores), list(out.scores[0].shape))
        print([row[width:] for row in out.sequences.tolist()] == singles)
        print([s.argmax(-1).tolist() for s in out.scores] == [[row[width + i] for row in out.sequences.tolist()] for i in range(5)])
        sampled = model.generate(**enc, max_new_tokens=4, do_sample=True, num_return_sequences=2, seed=4)
        print(sampled.shape[0], sampled.shape[1] - width, sampled.tolist() == model.generate(**enc, max_new_tokens=4, do_sample=True, num_return_sequences=2, seed=4).tolist())
        tokenizer.padding_side = "right"
        generator = pipeline("text-generation", model=model, tokenizer=tokenizer)
        print(tokenizer.padding_side)
        batched = generator(prompts, batch_size=2, max_new_tokens=5)
        one_by_one = generator(prompts, max_new_tokens=5)
        print(len(batched), batched == one_by_one, batched[0][0]["generated_text"].startswith("The capital of France is"))
        """)
        XCTAssertEqual(output.split(separator: "\n").filter { !$0.hasPrefix("warning") },
                       ["3 5 5 [3, 49152]", "True", "True", "6 4 True", "left", "3 True True"], output)
    }

    /// Instruction tuning through the Trainer: DataCollatorForSeq2Seq pads labels with -100 and the
    /// loss on the answers falls.
    func testInstructionTuningTrainsOnTheAnswers() throws {
        let s = try session()
        let folder = try temporaryFolder()
        let output = s.ok("""
        model = AutoModelForCausalLM.from_pretrained(path)
        model = get_peft_model(model, LoraConfig(task_type="CAUSAL_LM", r=4, lora_alpha=8, target_modules=["q_proj", "v_proj"]))
        chats = [[{"role": "user", "content": q}, {"role": "assistant", "content": "BEEP " + a}]
                 for q, a in [("Hi", "hello"), ("Two plus two?", "four"), ("Sky colour?", "blue"), ("Opposite of up?", "down")]]
        train = Dataset.from_list([tokenize_chat(tokenizer, c) for c in chats])
        collator = DataCollatorForSeq2Seq(tokenizer)
        print(collator)
        args = TrainingArguments(output_dir="\(folder)", max_steps=6, per_device_train_batch_size=2, learning_rate=3e-3,
                                 logging_steps=1, save_strategy="no", disable_tqdm=True, report_to="none")
        trainer = Trainer(model=model, args=args, train_dataset=train, data_collator=collator)
        trainer.train()
        losses = [entry["loss"] for entry in trainer.state.log_history if "loss" in entry]
        print(len(losses), losses[-1] < losses[0])
        """)
        XCTAssertTrue(output.contains("DataCollatorForSeq2Seq(pad_token_id=2, padding=longest)"), output)
        XCTAssertTrue(output.hasSuffix("6 True\n"), output)
        let (_, error) = s.run("DataCollatorForLanguageModeling(tokenizer)")
        XCTAssertTrue((error ?? "").contains("mlm=False"), error ?? "no error")
        XCTAssertNil(s.run("DataCollatorForLanguageModeling(tokenizer, mlm=False)").error)
    }

    /// QLoRA from a script: keep_quantized=True trains LoRA on the Q4_1 blocks, and merging says it
    /// dequantizes the adapted layers; a safetensors folder refuses keep_quantized with the fix.
    func testKeepQuantizedTrainsLoRAAndWarnsOnMerge() throws {
        let s = try session()
        let folder = try temporaryFolder()
        let output = s.ok("""
        model = AutoModelForCausalLM.from_pretrained(path, keep_quantized=True)
        model = get_peft_model(model, LoraConfig(task_type="CAUSAL_LM", r=4, target_modules=["q_proj", "v_proj"]))
        train = Dataset.from_list([tokenize_chat(tokenizer, messages)] * 4)
        args = TrainingArguments(output_dir="\(folder)", max_steps=2, per_device_train_batch_size=2, learning_rate=1e-3,
                                 logging_steps=1, save_strategy="no", disable_tqdm=True, report_to="none")
        trainer = Trainer(model=model, args=args, train_dataset=train, data_collator=DataCollatorForSeq2Seq(tokenizer))
        result = trainer.train()
        print("steps", result.global_step)
        model.save_pretrained("\(folder)/adapter")
        merged = model.merge_and_unload()
        """)
        XCTAssertTrue(output.contains("steps 2"), output)
        XCTAssertTrue(output.contains("dequantized to fp32 to merge the adapter exactly"), output)
        let minilm = try demoAsset("models/sentence-transformers/all-MiniLM-L6-v2")
        let (_, error) = s.run("AutoModelForCausalLM.from_pretrained('\(minilm)', keep_quantized=True)")
        XCTAssertTrue((error ?? "").contains("keep_quantized"), error ?? "no error")
    }

    /// The settings tutorials change before batching: pad token, padding side; bad values are refused.
    func testPadTokenAndPaddingSideCanBeSet() throws {
        let s = try session()
        let output = s.ok("""
        tokenizer.pad_token = tokenizer.eos_token
        tokenizer.padding_side = "left"
        print(tokenizer.pad_token == tokenizer.eos_token, tokenizer.pad_token_id == tokenizer.eos_token_id, tokenizer.padding_side)
        enc = tokenizer(["a", "b c d"], padding=True)
        print(enc["input_ids"][0][0] == tokenizer.pad_token_id, enc["attention_mask"])
        tokenizer.pad_token_id = 0
        print(tokenizer.convert_tokens_to_ids(tokenizer.pad_token))
        """)
        XCTAssertEqual(output, "True True left\nTrue [[0, 0, 1], [1, 1, 1]]\n0\n")
        var (_, error) = s.run("tokenizer.padding_side = 'middle'")
        XCTAssertTrue((error ?? "").contains("must be 'left' or 'right'"), error ?? "no error")
        (_, error) = s.run("tokenizer.pad_token = '[PAD]'")
        XCTAssertTrue((error ?? "").contains("tokenizer.pad_token = tokenizer.eos_token"), error ?? "no error")
        (_, error) = s.run("tokenizer.vocab_size = 3")
        XCTAssertNotNil(error)
    }
}
