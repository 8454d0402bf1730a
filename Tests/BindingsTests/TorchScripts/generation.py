# generate() options on SmolLM2 (the demo GGUF, dequantized to float32 by both stacks) against transformers 5.25:
# greedy, beam search (num_beams, length_penalty, early_stopping, num_return_sequences), no_repeat_ngram_size,
# repetition_penalty, min_new_tokens, min_length, bad_words_ids, return_dict_in_generate + output_scores.
# {{SMOLLM}} is the folder of the GGUF file.
import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained("{{SMOLLM}}", gguf_file="SmolLM2-135M-Instruct.Q4_1.gguf")
model = AutoModelForCausalLM.from_pretrained("{{SMOLLM}}", gguf_file="SmolLM2-135M-Instruct.Q4_1.gguf", dtype=torch.float32)
enc = tokenizer("The capital of France is", return_tensors="pt")
prompt = enc["input_ids"].shape[1]

def new(out):
    return [row[prompt:] for row in out.tolist()]

print(new(model.generate(**enc, max_new_tokens=24, do_sample=False)))
print(new(model.generate(**enc, max_new_tokens=24, do_sample=False, no_repeat_ngram_size=2)))
print(new(model.generate(**enc, max_new_tokens=16, do_sample=False, repetition_penalty=1.3)))
print(new(model.generate(**enc, max_new_tokens=12, do_sample=False, min_new_tokens=10, eos_token_id=198)))
print(new(model.generate(**enc, max_new_tokens=12, do_sample=False, eos_token_id=198)))
print(new(model.generate(**enc, max_length=12, min_length=10, do_sample=False, eos_token_id=198)))
print(new(model.generate(**enc, max_new_tokens=12, do_sample=False, bad_words_ids=[[198], [2988, 314]])))
print(new(model.generate(**enc, max_new_tokens=16, num_beams=3, do_sample=False)))
print(new(model.generate(**enc, max_new_tokens=16, num_beams=4, num_return_sequences=3, do_sample=False, eos_token_id=30)))
print(new(model.generate(**enc, max_new_tokens=16, num_beams=3, do_sample=False, length_penalty=0.5, early_stopping=True,
                         eos_token_id=30)))
print(new(model.generate(**enc, max_new_tokens=16, num_beams=3, do_sample=False, no_repeat_ngram_size=3, early_stopping="never")))
out = model.generate(**enc, max_new_tokens=4, num_beams=2, num_return_sequences=2, do_sample=False, return_dict_in_generate=True,
                     output_scores=True)
print(type(out).__name__, new(out.sequences), [round(x, 3) for x in out.sequences_scores.tolist()], len(out.scores),
      list(out.scores[0].shape))
out = model.generate(**enc, max_new_tokens=3, do_sample=False, return_dict_in_generate=True, output_scores=True)
print(type(out).__name__, new(out.sequences), len(out.scores), list(out.scores[0].shape),
      [round(float(step[0].max()), 3) for step in out.scores])
