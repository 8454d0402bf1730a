# Token classification pieces against transformers 5 (BertTokenizerFast) and seqeval 1.2.2: words given
# with is_split_into_words=True and their word_ids(), the first-sub-token label alignment of the HF
# recipe, and entity-level scores in seqeval's default and strict (IOB2) modes on crafted tag sequences.
from transformers import AutoTokenizer
from seqeval.metrics import classification_report, f1_score, precision_score, recall_score, accuracy_score
from seqeval.scheme import IOB2

tokenizer = AutoTokenizer.from_pretrained("{{MINILM}}")
words = ["EU", "rejects", "German", "call", "to", "boycott", "British", "lamb", "."]
enc = tokenizer(words, is_split_into_words=True)
print(enc["input_ids"])
print(enc.word_ids())
print(tokenizer.convert_ids_to_tokens(enc["input_ids"]))

tweets = [["Héllo", "wörld!!", "@user_1", "#NewYork", "unaffable"], ["tokenization", "", "x"], ["Empire", "State", "Building", "=", "ESB"]]
batch = tokenizer(tweets, is_split_into_words=True, padding=True, truncation=True, max_length=10)
for i in range(len(tweets)):
    print(batch["input_ids"][i], batch["attention_mask"][i], batch.word_ids(i))

tags = [["O", "O", "B-person", "B-other", "O"], ["O", "O", "B-other"], ["B-facility", "I-facility", "I-facility", "O", "B-facility"]]
label2id = {"O": 0, "B-person": 1, "I-person": 2, "B-other": 3, "I-other": 4, "B-facility": 5, "I-facility": 6}
for i in range(len(tweets)):
    previous = None
    ids = []
    for word in batch.word_ids(batch_index=i):
        if word is None or word == previous:
            ids.append(-100)
        else:
            ids.append(label2id[tags[i][word]])
        previous = word
    print(ids)

y_true = [
    ["B-PER", "I-PER", "O", "B-LOC", "I-LOC", "O"],
    ["O", "B-ORG", "I-ORG", "I-ORG", "O", "B-MISC"],
    ["B-PER", "B-PER", "O", "I-LOC", "O", "O"],
    ["O", "O", "B-ORG", "O", "B-LOC", "B-LOC"],
]
y_pred = [
    ["B-PER", "I-PER", "O", "I-LOC", "I-LOC", "O"],
    ["O", "B-ORG", "I-ORG", "O", "O", "I-MISC"],
    ["B-PER", "I-PER", "O", "I-LOC", "O", "B-PER"],
    ["O", "O", "I-ORG", "O", "B-LOC", "B-LOC"],
]
for mode in [{}, {"mode": "strict", "scheme": IOB2}]:
    print("mode", mode.get("mode", "default"))
    print(round(f1_score(y_true, y_pred, **mode), 6), round(precision_score(y_true, y_pred, **mode), 6), round(recall_score(y_true, y_pred, **mode), 6))
    print(round(f1_score(y_true, y_pred, average="macro", **mode), 6), round(f1_score(y_true, y_pred, average="weighted", **mode), 6))
    print(classification_report(y_true, y_pred, digits=4, **mode))
print(round(accuracy_score(y_true, y_pred), 6))

# Long word lists in overlapping windows (the NER recipe for texts longer than the model's context):
# offsets counted within each word, word_ids per window, overflow_to_sample_mapping.
windows = tokenizer(tweets, is_split_into_words=True, truncation=True, max_length=7, stride=2,
                    return_overflowing_tokens=True, return_offsets_mapping=True)
print(windows["overflow_to_sample_mapping"])
for i in range(len(windows["input_ids"])):
    print(windows["input_ids"][i], windows["offset_mapping"][i], windows.word_ids(i))
single = tokenizer(words, is_split_into_words=True, return_offsets_mapping=True)
print(single["offset_mapping"])
