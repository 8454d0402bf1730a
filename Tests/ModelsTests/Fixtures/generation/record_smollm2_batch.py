"""Records smollm2-batch.json: transformers' greedy generate on a left-padded batch of SmolLM2 prompts.

Run once with the reference stack (transformers 5.25, gguf):
    /work/refvenv/bin/python Tests/ModelsTests/Fixtures/generation/record_smollm2_batch.py \
        ~/.cache/lorarepl/models/HuggingFaceTB/SmolLM2-135M-Instruct/SmolLM2-135M-Instruct.Q4_1.gguf
The model is the demo GGUF dequantized to fp32 by transformers, as for ../shared/fixtures/smollm2/greedy.json.
"""
import json, os, sys
import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

path = os.path.expanduser(sys.argv[1])
folder, name = os.path.dirname(path), os.path.basename(path)
tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=name)
model = AutoModelForCausalLM.from_pretrained(folder, gguf_file=name, dtype=torch.float32).eval()
tokenizer.padding_side = "left"
if tokenizer.pad_token is None:
    tokenizer.pad_token = tokenizer.eos_token
prompts = ["The capital of France is", "Once upon a time, there was a little robot who",
           "def fibonacci(n):", "LoRA fine-tuning adds small trainable matrices to",
           # A chat prompt whose answer ends with <|im_end|> (the EOS) before 16 tokens: its row is padded after it.
           "<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n"
           "<|im_start|>user\nName three colors.<|im_end|>\n<|im_start|>assistant\n"]
enc = tokenizer(prompts, padding=True, return_tensors="pt")
with torch.no_grad():
    out = model.generate(**enc, max_new_tokens=16, do_sample=False, return_dict_in_generate=True, output_scores=True,
                         pad_token_id=tokenizer.pad_token_id)
scores = torch.stack(out.scores, dim=1)  # [batch, steps, vocab]
# Row by row (no padding), for the claim that padding changes nothing.
single = []
for text in prompts:
    one = tokenizer(text, return_tensors="pt")
    with torch.no_grad():
        ids = model.generate(**one, max_new_tokens=16, do_sample=False, pad_token_id=tokenizer.pad_token_id)
    single.append(ids[0, one["input_ids"].shape[1]:].tolist())
record = {
    "prompts": prompts,
    "pad_token_id": tokenizer.pad_token_id,
    "max_new_tokens": 16,
    "input_ids": enc["input_ids"].tolist(),
    "attention_mask": enc["attention_mask"].tolist(),
    "sequences": out.sequences.tolist(),
    # Per row and step: the arg-max and the largest processed score (the full scores are [5, 16, 49152]).
    "single_generated_ids": single,
    "score_argmax": scores.argmax(-1).tolist(),
    "score_max": [[round(float(v), 5) for v in row] for row in scores.max(-1).values],
    "texts": tokenizer.batch_decode(out.sequences[:, enc["input_ids"].shape[1]:], skip_special_tokens=True),
    "transformers": __import__("transformers").__version__,
}
here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "smollm2-batch.json"), "w") as f:
    json.dump(record, f, indent=1)
print(json.dumps(record["texts"], indent=1))
