# Device handling as tutorials write it: torch.device, cuda.is_available(), .to(device) on models, batches and
# BatchEncodings, next(model.parameters()).device, tensor.device, .cpu().numpy(), and the evaluation loop's
# accumulation of predictions.
import numpy as np
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer
from peft import PeftModel

print(torch.cuda.is_available(), torch.cuda.device_count())
device = torch.device("cuda:0" if torch.cuda.is_available() else "cpu")
print(device, repr(device), device.type, device.index, str(device) == "cpu", device == torch.device("cpu"))
cpu = torch.device("cpu", 0)
print(cpu, cpu.type, cpu.index)
t = torch.arange(6).reshape(2, 3)
print(t.device, t.to(device).device, t.to("cpu").device, t.cpu().device, t.to(device, dtype=torch.float32).dtype)
print(t.to(torch.float64).dtype, t.to(t.device).shape, t.is_cuda, torch.zeros(2, device=device).device)
print(t.float().to(device).mean(), t.new_tensor([1, 2]).device, torch.ones(2, 2).type(), t.type())

tokenizer = AutoTokenizer.from_pretrained("{{MINILM}}")
model = AutoModelForSequenceClassification.from_pretrained("{{MINILM}}", num_labels=3)
model = PeftModel.from_pretrained(model, "{{ADAPTER}}")
model = model.to(device)
model.eval()
print(next(model.parameters()).device, model.device, next(model.parameters()).dtype, next(model.parameters()).shape)

texts = ["I love this airline, great crew", "the flight was delayed again", "worst service ever",
         "seats were fine I guess", "thanks for the upgrade!", "lost my bag, furious", "on time and smooth"]
all_preds, all_probs = [], []
for i in range(0, len(texts), 3):
    enc = tokenizer(texts[i:i + 3], padding=True, truncation=True, return_tensors="pt").to(device)
    print(type(enc).__name__, list(enc.keys()), enc["input_ids"].shape, enc.input_ids.device)
    with torch.no_grad():
        logits = model(**enc).logits
    probs = torch.nn.functional.softmax(logits, dim=-1)
    all_preds.extend(torch.argmax(logits, dim=-1).cpu().numpy().tolist())
    all_probs.append(probs.detach().cpu().numpy())
stacked = np.concatenate(all_probs, axis=0)
print(all_preds, stacked.shape, stacked.dtype, np.round(stacked[:2], 4).tolist())
print(torch.cat([torch.from_numpy(p) for p in all_probs]).shape)
try:
    torch.ones(2).to("cuda")
except Exception as e:
    print(type(e).__name__)
