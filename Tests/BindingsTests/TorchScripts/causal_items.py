# A causal LM's loss with num_items_in_batch (what the Trainer passes under gradient accumulation, and what
# super().compute_loss(model, inputs, num_items_in_batch=n) hands on): transformers 5.25 divides the summed
# token loss by n instead of by the batch's labelled tokens. SmolLM2 (the demo GGUF, float32 on both stacks).
import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained("{{SMOLLM}}", gguf_file="SmolLM2-135M-Instruct.Q4_1.gguf")
model = AutoModelForCausalLM.from_pretrained("{{SMOLLM}}", gguf_file="SmolLM2-135M-Instruct.Q4_1.gguf", dtype=torch.float32)
if tokenizer.pad_token is None:
    tokenizer.pad_token = tokenizer.eos_token
enc = tokenizer(["The capital of France is Paris.", "Hello there, friend"], return_tensors="pt", padding=True)
labels = enc["input_ids"].clone()
labels[enc["attention_mask"] == 0] = -100
labelled = int((labels[:, 1:] != -100).sum())
print("labelled tokens after the shift:", labelled)
with torch.no_grad():
    plain = model(**enc, labels=labels).loss
    print("mean loss", round(plain.item(), 4))
    for n in [labelled, 20, 3]:
        out = model(**enc, labels=labels, num_items_in_batch=n)
        print("num_items_in_batch", n, round(out.loss.item(), 4))
    out = model(**enc, labels=labels, num_items_in_batch=torch.tensor(20))
    print("as a tensor", round(out.loss.item(), 4))
