# A binary classifier as blog posts build it over AutoModel: an nn.Module with masked mean pooling of the frozen
# encoder's last_hidden_state and a one-logit nn.Linear head, BCEWithLogitsLoss on float labels, Adam, a
# manual loop over index batches, then evaluation under model.eval() + torch.no_grad(): sigmoid probabilities,
# a 0.5 threshold, and scikit-learn's accuracy, precision/recall/F1, confusion matrix and ROC AUC.
import torch
import torch.nn as nn
from transformers import AutoModel, AutoTokenizer
from sklearn.metrics import accuracy_score, precision_score, recall_score, f1_score, confusion_matrix, roc_auc_score

texts = ["I love this airline, great crew", "the flight was delayed again", "worst service ever",
         "thanks for the upgrade!", "lost my bag, furious", "on time and smooth", "the pilot was amazing",
         "never flying with you again", "so happy today", "food was cold and bad", "friendly staff at the gate",
         "terrible wifi on board"]
labels = [1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 1, 0]

tokenizer = AutoTokenizer.from_pretrained("{{MINILM}}")
encoder = AutoModel.from_pretrained("{{MINILM}}", hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)


class MeanPoolClassifier(nn.Module):
    def __init__(self, encoder):
        super().__init__()
        self.encoder = encoder
        self.classifier = nn.Linear(encoder.config.hidden_size, 1)

    def forward(self, input_ids, attention_mask, token_type_ids=None):
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        mask = attention_mask.unsqueeze(-1).float()
        pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
        return self.classifier(pooled).squeeze(-1)


torch.manual_seed(0)
model = MeanPoolClassifier(encoder)
for p in model.encoder.parameters():
    p.requires_grad = False
print(sum(p.numel() for p in model.parameters() if p.requires_grad), model.classifier)
enc = tokenizer(texts, padding=True, truncation=True, max_length=24, return_tensors="pt")
y = torch.tensor(labels, dtype=torch.float)
criterion = nn.BCEWithLogitsLoss()
optimizer = torch.optim.Adam(model.classifier.parameters(), lr=0.05)

for epoch in range(3):
    model.train()
    epoch_loss = 0.0
    for start in range(0, len(texts), 4):
        idx = torch.arange(start, min(start + 4, len(texts)))
        logits = model(enc["input_ids"][idx], enc["attention_mask"][idx])
        loss = criterion(logits, y[idx])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        epoch_loss += loss.item() * len(idx)
    print(f"epoch {epoch}: loss {epoch_loss / len(texts):.4f}")

model.eval()
with torch.no_grad():
    logits = model(**enc)
    probs = torch.sigmoid(logits)
preds = (probs > 0.5).long()
print(probs.shape, probs.dtype, preds)
print(probs.mean(), probs.min(), probs.max())
print("accuracy", accuracy_score(labels, preds.numpy()))
print("precision", round(precision_score(labels, preds.numpy()), 4), "recall", round(recall_score(labels, preds.numpy()), 4),
      "f1", round(f1_score(labels, preds.numpy()), 4))
print(confusion_matrix(labels, preds.numpy()))
print("roc auc", round(roc_auc_score(labels, probs.numpy()), 4))
