# Records Tests/ModelsTests/Fixtures/token-classification/ once (tests never run Python):
# BertForTokenClassification / DistilBertForTokenClassification built from the shared tiny fixtures with a
# seeded 5-label head, saved with save_pretrained, and their eval-mode logits and loss (labels with -100)
# on a padded batch. Needs torch (CPU) and transformers:
#   /work/refvenv/bin/python scripts/record-token-classification.py
import json, os, sys
import torch
from transformers import AutoModelForTokenClassification

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
shared = os.path.join(root, "..", "shared", "fixtures")
out_root = os.path.join(root, "Tests", "ModelsTests", "Fixtures", "token-classification")
id2label = {0: "O", 1: "B-PER", 2: "I-PER", 3: "B-LOC", 4: "I-LOC"}
label2id = {v: k for k, v in id2label.items()}
input_ids = [[2, 17, 45, 9, 88, 3, 0, 0], [2, 51, 7, 64, 12, 33, 71, 3]]
attention_mask = [[1, 1, 1, 1, 1, 1, 0, 0], [1, 1, 1, 1, 1, 1, 1, 1]]
labels = [[-100, 1, 2, 0, 3, -100, -100, -100], [-100, 0, 0, 1, -100, 4, 3, -100]]
result = {"input_ids": input_ids, "attention_mask": attention_mask, "labels": labels, "models": {}}
for name, base in [("tiny-bert", "tiny-bert/tiny-bert-base"), ("tiny-distilbert", "tiny-distilbert/tiny-distilbert-base")]:
    torch.manual_seed(0)
    model = AutoModelForTokenClassification.from_pretrained(os.path.join(shared, base), num_labels=5, id2label=id2label, label2id=label2id, ignore_mismatched_sizes=True)
    with torch.no_grad():
        model.classifier.weight.normal_(0, 0.5)
        model.classifier.bias.normal_(0, 0.5)
    model.eval()
    folder = os.path.join(out_root, name)
    model.save_pretrained(folder)
    with torch.no_grad():
        out = model(input_ids=torch.tensor(input_ids), attention_mask=torch.tensor(attention_mask), labels=torch.tensor(labels))
    result["models"][name] = {"class": type(model).__name__, "logits": out.logits.tolist(), "loss": out.loss.item()}
    print(name, type(model).__name__, out.logits.shape, out.loss.item(), file=sys.stderr)
with open(os.path.join(out_root, "expected.json"), "w") as f:
    json.dump(result, f, indent=1)

# Question answering: Bert/DistilBertForQuestionAnswering with a seeded qa_outputs head, start/end logits
# of the same batch and the span loss (a start position beyond the sequence is clamped and ignored).
from transformers import AutoModelForQuestionAnswering
qa_root = os.path.join(root, "Tests", "ModelsTests", "Fixtures", "question-answering")
starts, ends = [3, 2], [4, 40]
qa = {"input_ids": input_ids, "attention_mask": attention_mask, "start_positions": starts, "end_positions": ends, "models": {}}
for name, base in [("tiny-bert", "tiny-bert/tiny-bert-base"), ("tiny-distilbert", "tiny-distilbert/tiny-distilbert-base")]:
    torch.manual_seed(1)
    model = AutoModelForQuestionAnswering.from_pretrained(os.path.join(shared, base), num_labels=2)
    with torch.no_grad():
        model.qa_outputs.weight.normal_(0, 0.5)
        model.qa_outputs.bias.normal_(0, 0.5)
    model.eval()
    model.save_pretrained(os.path.join(qa_root, name))
    with torch.no_grad():
        out = model(input_ids=torch.tensor(input_ids), attention_mask=torch.tensor(attention_mask),
                    start_positions=torch.tensor(starts), end_positions=torch.tensor(ends))
    qa["models"][name] = {"class": type(model).__name__, "start_logits": out.start_logits.tolist(),
                          "end_logits": out.end_logits.tolist(), "loss": out.loss.item()}
    print(name, type(model).__name__, out.loss.item(), file=sys.stderr)
with open(os.path.join(qa_root, "expected.json"), "w") as f:
    json.dump(qa, f, indent=1)
