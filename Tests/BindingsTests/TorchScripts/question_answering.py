# Extractive question answering the way the Hugging Face course writes it, against transformers 5.25 and
# datasets: a SQuAD-format JSON (the official nested layout, written to a file here) flattened into rows,
# prepare_train_features / prepare_validation_features run unchanged through dataset.map(batched=True,
# remove_columns=...), MiniLM + a question-answering head with fixed weights, trainer.predict (start and end
# logits as a tuple), the course's n-best post-processing, and the span loss and its gradients on one batch.
import collections
import json
import math
import numpy as np
import torch
from datasets import Dataset
from transformers import AutoModelForQuestionAnswering, AutoTokenizer, Trainer, TrainingArguments

squad = {"version": "v2.0", "data": [{"title": "Tower", "paragraphs": [
    {"context": "The Eiffel Tower, completed in 1889, stands 330 metres tall on the Champ de Mars in Paris. Gustave Eiffel's company designed and built it for the World's Fair; at first many artists criticised it.",
     "qas": [{"id": "t1", "question": "How tall is the Eiffel Tower?", "answers": [{"text": "330 metres", "answer_start": 44}], "is_impossible": False},
             {"id": "t2", "question": " Who designed the tower?", "answers": [{"text": "Gustave Eiffel's company", "answer_start": 91}], "is_impossible": False},
             {"id": "t3", "question": "What colour is the tower?", "answers": [], "is_impossible": True}]}]},
    {"title": "Cafe", "paragraphs": [
    {"context": "  Café Müller (Wuppertal) opened in 1978 — its naïve décor, 日本 lanterns and Ünïcödé menu drew crowds.\nPrices: €3.50 for tea, €4.20 for coffee.\tOpening hours vary; ask the staff!",
     "qas": [{"id": "c1", "question": "When did Café Müller open?", "answers": [{"text": "1978", "answer_start": 36}], "is_impossible": False},
             {"id": "c2", "question": "How much is coffee?", "answers": [{"text": "€4.20", "answer_start": 125}], "is_impossible": False}]}]}]}
with open("/tmp/lorarepl-squad-tiny.json", "w") as f:
    json.dump(squad, f)

# Flatten the nested SQuAD file into one row per question (what load_dataset("squad") gives).
with open("/tmp/lorarepl-squad-tiny.json") as f:
    raw = json.load(f)
rows = {"id": [], "title": [], "context": [], "question": [], "answers": []}
for article in raw["data"]:
    for paragraph in article["paragraphs"]:
        for qa in paragraph["qas"]:
            rows["id"].append(qa["id"])
            rows["title"].append(article["title"])
            rows["context"].append(paragraph["context"])
            rows["question"].append(qa["question"])
            rows["answers"].append({"text": [a["text"] for a in qa["answers"]], "answer_start": [a["answer_start"] for a in qa["answers"]]})
examples = Dataset.from_dict(rows)
for r in examples:
    for text, start in zip(r["answers"]["text"], r["answers"]["answer_start"]):
        assert r["context"][start:start + len(text)] == text, (text, start)
print(examples.num_rows, examples.column_names)

tokenizer = AutoTokenizer.from_pretrained("{{MINILM}}")
max_length = 40
doc_stride = 12
pad_on_right = tokenizer.padding_side == "right"


def prepare_train_features(examples):
    examples["question"] = [q.lstrip() for q in examples["question"]]
    tokenized_examples = tokenizer(
        examples["question" if pad_on_right else "context"],
        examples["context" if pad_on_right else "question"],
        truncation="only_second" if pad_on_right else "only_first",
        max_length=max_length,
        stride=doc_stride,
        return_overflowing_tokens=True,
        return_offsets_mapping=True,
        padding="max_length",
    )
    sample_mapping = tokenized_examples.pop("overflow_to_sample_mapping")
    offset_mapping = tokenized_examples.pop("offset_mapping")
    tokenized_examples["start_positions"] = []
    tokenized_examples["end_positions"] = []
    for i, offsets in enumerate(offset_mapping):
        input_ids = tokenized_examples["input_ids"][i]
        cls_index = input_ids.index(tokenizer.cls_token_id)
        sequence_ids = tokenized_examples.sequence_ids(i)
        sample_index = sample_mapping[i]
        answers = examples["answers"][sample_index]
        if len(answers["answer_start"]) == 0:
            tokenized_examples["start_positions"].append(cls_index)
            tokenized_examples["end_positions"].append(cls_index)
        else:
            start_char = answers["answer_start"][0]
            end_char = start_char + len(answers["text"][0])
            token_start_index = 0
            while sequence_ids[token_start_index] != (1 if pad_on_right else 0):
                token_start_index += 1
            token_end_index = len(input_ids) - 1
            while sequence_ids[token_end_index] != (1 if pad_on_right else 0):
                token_end_index -= 1
            if not (offsets[token_start_index][0] <= start_char and offsets[token_end_index][1] >= end_char):
                tokenized_examples["start_positions"].append(cls_index)
                tokenized_examples["end_positions"].append(cls_index)
            else:
                while token_start_index < len(offsets) and offsets[token_start_index][0] <= start_char:
                    token_start_index += 1
                tokenized_examples["start_positions"].append(token_start_index - 1)
                while offsets[token_end_index][1] >= end_char:
                    token_end_index -= 1
                tokenized_examples["end_positions"].append(token_end_index + 1)
    return tokenized_examples


def prepare_validation_features(examples):
    examples["question"] = [q.lstrip() for q in examples["question"]]
    tokenized_examples = tokenizer(
        examples["question" if pad_on_right else "context"],
        examples["context" if pad_on_right else "question"],
        truncation="only_second" if pad_on_right else "only_first",
        max_length=max_length,
        stride=doc_stride,
        return_overflowing_tokens=True,
        return_offsets_mapping=True,
        padding="max_length",
    )
    sample_mapping = tokenized_examples.pop("overflow_to_sample_mapping")
    tokenized_examples["example_id"] = []
    for i in range(len(tokenized_examples["input_ids"])):
        sequence_ids = tokenized_examples.sequence_ids(i)
        context_index = 1 if pad_on_right else 0
        sample_index = sample_mapping[i]
        tokenized_examples["example_id"].append(examples["id"][sample_index])
        tokenized_examples["offset_mapping"][i] = [
            (o if sequence_ids[k] == context_index else None)
            for k, o in enumerate(tokenized_examples["offset_mapping"][i])
        ]
    return tokenized_examples


train_features = examples.map(prepare_train_features, batched=True, remove_columns=examples.column_names)
validation_features = examples.map(prepare_validation_features, batched=True, remove_columns=examples.column_names)
print(len(train_features), sorted(train_features.column_names))
print(list(train_features["start_positions"]))
print(list(train_features["end_positions"]))
print(len(validation_features), sorted(validation_features.column_names))
print(list(validation_features["example_id"]))
print(validation_features[3]["offset_mapping"])

model = AutoModelForQuestionAnswering.from_pretrained("{{MINILM}}", hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)
weight = [[round(0.05 * math.sin(0.37 * (i * 384 + j) + 0.5 * i), 6) for j in range(384)] for i in range(2)]
model.load_state_dict({"qa_outputs.weight": torch.tensor(weight), "qa_outputs.bias": torch.tensor([0.1, -0.2])}, strict=False)

args = TrainingArguments(output_dir="/tmp/lorarepl-qa-out", per_device_eval_batch_size=3, per_device_train_batch_size=4,
                         report_to=[], disable_tqdm=True)
trainer = Trainer(model=model, args=args, train_dataset=train_features)
predictions, label_ids, _ = trainer.predict(validation_features)
start_logits, end_logits = predictions
print(type(predictions).__name__, start_logits.shape, end_logits.shape, label_ids)
print([round(float(x), 4) for x in start_logits[0][:12]])
print([round(float(x), 4) for x in end_logits[5][-8:]])

features_per_example = collections.defaultdict(list)
for i, feature in enumerate(validation_features):
    features_per_example[feature["example_id"]].append(i)
n_best = 5
max_answer_length = 8
for example in examples:
    context = example["context"]
    answers = []
    for feature_index in features_per_example[example["id"]]:
        start_logit = start_logits[feature_index]
        end_logit = end_logits[feature_index]
        offsets = validation_features[feature_index]["offset_mapping"]
        start_indexes = np.argsort(start_logit)[-1 : -n_best - 1 : -1].tolist()
        end_indexes = np.argsort(end_logit)[-1 : -n_best - 1 : -1].tolist()
        for start_index in start_indexes:
            for end_index in end_indexes:
                if offsets[start_index] is None or offsets[end_index] is None:
                    continue
                if end_index < start_index or end_index - start_index + 1 > max_answer_length:
                    continue
                answers.append({"text": context[offsets[start_index][0] : offsets[end_index][1]],
                                "logit_score": start_logit[start_index] + end_logit[end_index]})
    best = max(answers, key=lambda x: x["logit_score"]) if answers else {"text": "", "logit_score": 0.0}
    print(example["id"], repr(best["text"]), round(float(best["logit_score"]), 4))

# One training step on the first four features in order (the Trainer's shuffled order is not compared here).
model.train()
batch = train_features.select(range(4))
out = model(input_ids=torch.tensor(batch["input_ids"]), attention_mask=torch.tensor(batch["attention_mask"]),
            token_type_ids=torch.tensor(batch["token_type_ids"]), start_positions=torch.tensor(batch["start_positions"]),
            end_positions=torch.tensor(batch["end_positions"]))
out.loss.backward()
grads = {name: p.grad for name, p in model.named_parameters()}
print(round(out.loss.item(), 4), round(grads["qa_outputs.weight"].abs().sum().item(), 3),
      round(grads["bert.encoder.layer.5.output.dense.weight"].abs().sum().item(), 3))

# LoRA for question answering (PEFT's QUESTION_ANS: qa_outputs in modules_to_save) trained by the Trainer, with a
# compute_loss override that reads the span labels as transformers passes them (start_positions/end_positions).
# No dropout, lora_A set by a formula (B starts at zero), and one batch holding all 11 features, so neither
# random draws nor the shuffle order enter the comparison. The features go without token_type_ids: PEFT 0.21's
# PeftModelForQuestionAnswering.forward accepts token_type_ids but does not pass them on to BERT (it runs with
# all-zero segment ids), while lorarepl uses them as transformers' plain model does.
from peft import LoraConfig, get_peft_model

base = AutoModelForQuestionAnswering.from_pretrained("{{MINILM}}", hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)
base.load_state_dict({"qa_outputs.weight": torch.tensor(weight), "qa_outputs.bias": torch.tensor([0.1, -0.2])}, strict=False)
peft_model = get_peft_model(base, LoraConfig(task_type="QUESTION_ANS", r=4, lora_alpha=8, lora_dropout=0.0,
                                             target_modules=["query", "value"]))
peft_model.print_trainable_parameters()
with torch.no_grad():
    for name, parameter in peft_model.named_parameters():
        if "lora_A" in name:
            rows, cols = parameter.shape
            parameter.copy_(torch.tensor([[round(0.02 * math.cos(0.11 * (i * cols + j)), 6) for j in range(cols)] for i in range(rows)]))
seen = []


class SpanLossTrainer(Trainer):
    def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
        seen.append(sorted(inputs.keys()))
        outputs = model(**inputs)
        start_loss = torch.nn.functional.cross_entropy(outputs.start_logits, inputs["start_positions"])
        end_loss = torch.nn.functional.cross_entropy(outputs.end_logits, inputs["end_positions"])
        seen.append(round(((start_loss + end_loss) / 2).item(), 4) == round(outputs.loss.item(), 4))
        return (outputs.loss, outputs) if return_outputs else outputs.loss


args = TrainingArguments(output_dir="/tmp/lorarepl-qa-lora", per_device_train_batch_size=11, num_train_epochs=3, learning_rate=5e-3,
                         logging_steps=1, save_strategy="no", report_to=[], disable_tqdm=True, seed=0)
lora_features = train_features.remove_columns(["token_type_ids"])
trainer = SpanLossTrainer(model=peft_model, args=args, train_dataset=lora_features)
trainer.train()
print(seen[0], seen[1], len(seen))
print([round(entry["loss"], 4) for entry in trainer.state.log_history if "loss" in entry])

# The logits after the three updates, each feature's own constant taken out. The qa_outputs bias shifts every
# position's logit alike, so its true gradient is zero (the softmax over positions ignores the shift); AdamW's
# first step, lr * g / (|g| + eps), turns the rounding left in that gradient (1e-10 to 1e-8, different in every
# implementation) into a shift of up to lr. Without that shift the logits agree (docs/question-answering.md).
start_logits, end_logits = trainer.predict(lora_features.remove_columns(["start_positions", "end_positions"])).predictions
for row in [start_logits[0], end_logits[0], start_logits[7], end_logits[7]]:
    print([round(float(x - row.mean()), 3) for x in row[:10]])
