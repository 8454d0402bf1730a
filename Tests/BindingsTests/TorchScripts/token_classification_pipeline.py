# pipeline("ner") against transformers 5.25: MiniLM with a fixed 5-label token-classification head, every
# aggregation strategy, and `stride=` on texts longer than model_max_length (overlapping windows whose
# entities are merged by aggregate_overlapping_entities). Scores rounded to 4 decimals.
import math
import torch
from transformers import AutoModelForTokenClassification, AutoTokenizer, pipeline

labels = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC"]
tokenizer = AutoTokenizer.from_pretrained("{{MINILM}}")
model = AutoModelForTokenClassification.from_pretrained("{{MINILM}}", num_labels=5, id2label=dict(enumerate(labels)),
                                                        label2id={l: i for i, l in enumerate(labels)})
weight = [[round(0.2 * math.sin(0.37 * (i * 384 + j) + 0.5 * i), 6) for j in range(384)] for i in range(5)]
model.load_state_dict({"classifier.weight": torch.tensor(weight), "classifier.bias": torch.tensor([0.8, -0.1, 0.0, -0.1, 0.0])}, strict=False)
model.eval()

text = ("Angela Merkel met Emmanuel Macron in Berlin before flying to New York, where Wolfgang Schäuble and "
        "Christine Lagarde waited near the Hudson River with journalists from Paris, London and São Paulo.")

def show(entities):
    for e in entities:
        print(e.get("entity_group", e.get("entity")), round(float(e["score"]), 4), e.get("index"), repr(e["word"]), e["start"], e["end"])
    print("--", len(entities))

text = " ".join([text] * 14)  # about 600 tokens: longer than MiniLM's model_max_length (512)
print(len(tokenizer(text)["input_ids"]), tokenizer.model_max_length)
for strategy in ["none", "simple", "first", "average", "max"]:
    print("==", strategy)
    show(pipeline("ner", model=model, tokenizer=tokenizer, aggregation_strategy=strategy)(text))
for strategy, stride in [("simple", 32), ("first", 100), ("average", 0), ("max", 257)]:
    print("== stride", strategy, stride)
    show(pipeline("ner", model=model, tokenizer=tokenizer, aggregation_strategy=strategy, stride=stride)(text))
