# A classification tutorial printing what the model returns: logits (under no_grad and with gradients on),
# softmax probabilities, predictions, the loss, and numpy copies. {{MINILM}} / {{ADAPTER}}: the demo model and
# the shared adapter fixture; eval mode, so both stacks compute the same thing.
import torch
import torch.nn.functional as F
from transformers import AutoTokenizer, AutoModelForSequenceClassification
from peft import PeftModel

texts = ["I love this airline, great crew", "the flight was delayed again", "worst service ever", "seats were fine I guess"]
labels = torch.tensor([2, 0, 0, 1])
tokenizer = AutoTokenizer.from_pretrained("{{MINILM}}")
base = AutoModelForSequenceClassification.from_pretrained("{{MINILM}}", num_labels=3)
model = PeftModel.from_pretrained(base, "{{ADAPTER}}", is_trainable=True)
model.eval()
enc = tokenizer(texts, padding=True, return_tensors="pt")
print(enc["attention_mask"])
with torch.no_grad():
    outputs = model(**enc)
print(outputs.logits)
probs = torch.softmax(outputs.logits, dim=-1)
print(probs)
preds = probs.argmax(dim=-1)
print(preds, preds == labels, (preds == labels).float().mean(), (preds == labels).sum())
values, indices = probs.max(dim=-1)
print(values, indices)
print(outputs.logits[0], outputs.logits[:, 0])
print(outputs.logits.numpy().argmax(axis=-1), outputs.logits.numpy().dtype)
out = model(**enc, labels=labels)
print(out.loss)
print(out.logits)
print(F.cross_entropy(out.logits, labels), out.logits.softmax(-1))
print(out.logits.detach(), out.loss.item() > 0)
out.loss.backward()
trainable = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
name, p = trainable[-1]
print(name, p.grad.shape == p.shape)
print(p)
print(p.grad.abs().sum().item() > 0)
