# A PEFT fine-tuning snippet as tutorials paste it outside the Trainer: print_trainable_parameters, one
# tokenized tensor batch sliced by hand, SGD over the trainable parameters only, label-smoothed cross-entropy
# from the logits, progress prints, and per-epoch evaluation under model.eval() + torch.no_grad() with
# accuracy by (preds == labels).sum().item(). Run by lorarepl (TorchSurfaceTests) and once by CPython +
# transformers + peft + torch. {{MINILM}} / {{ADAPTER}}: the model and the shared adapter fixture. Dropout is
# off (eval mode) so both stacks compute the same thing.
import torch
import torch.nn.functional as F
from transformers import AutoTokenizer, AutoModelForSequenceClassification
from peft import PeftModel

texts = ["I love this airline, great crew", "the flight was delayed again", "worst service ever",
         "seats were fine I guess", "thanks for the upgrade!", "lost my bag, furious", "on time and smooth",
         "meh, average trip", "the pilot was amazing", "never flying with you again", "ok flight", "so happy today"]
labels = torch.tensor([2, 0, 0, 1, 2, 0, 2, 1, 2, 0, 1, 2])
id2label = {0: "negative", 1: "neutral", 2: "positive"}

tokenizer = AutoTokenizer.from_pretrained("{{MINILM}}")
base = AutoModelForSequenceClassification.from_pretrained("{{MINILM}}", num_labels=3)
model = PeftModel.from_pretrained(base, "{{ADAPTER}}", is_trainable=True)
model.print_trainable_parameters()
enc = tokenizer(texts, padding=True, truncation=True, max_length=32, return_tensors="pt")
print("input_ids", list(enc["input_ids"].shape))

optimizer = torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=0.5, momentum=0.5)
batch_size = 6
model.eval()
for epoch in range(2):
    epoch_loss = 0.0
    for step, start in enumerate(range(0, len(texts), batch_size)):
        batch = {k: v[start:start + batch_size] for k, v in enc.items()}
        outputs = model(**batch)
        loss = F.cross_entropy(outputs.logits, labels[start:start + batch_size], label_smoothing=0.1)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        epoch_loss += loss.item()
        print(f"epoch {epoch} step {step} loss {loss.item():.4f}")
    with torch.no_grad():
        logits = model(**enc).logits
    preds = logits.argmax(dim=-1)
    correct = (preds == labels).sum().item()
    confidence, _ = logits.softmax(dim=-1).max(dim=-1)
    print(f"epoch {epoch}: train loss {epoch_loss / 2:.4f}, accuracy {correct}/{len(labels)} = {correct / len(labels):.3f}, "
          f"mean confidence {confidence.mean().item():.4f}")

with torch.no_grad():
    new = tokenizer(["the crew was wonderful", "my flight got cancelled"], padding=True, return_tensors="pt")
    probs = torch.softmax(model(**new).logits, dim=-1)
for row in probs:
    print(id2label[row.argmax().item()], [round(p, 3) for p in row.tolist()])
lora_norms = [round(p.norm().item(), 3) for n, p in model.named_parameters() if "lora_B" in n][:3]
print("lora_B norms", lora_norms)
