# Records Tests/ModelsTests/Fixtures/token-classification/word-windows.json once (tests never run Python):
# `tokenizer(words, is_split_into_words=True, return_offsets_mapping=True, truncation=..., max_length=...,
# stride=..., return_overflowing_tokens=True, padding=...)` on transformers' fast tokenizers: MiniLM's WordPiece
# and SmolLM2's byte-level BPE (from the demo GGUF; transformers 5.25 ignores add_prefix_space=True for it, since its
# pre-tokenizer is a Sequence of Split + ByteLevel: the words are tokenized without a leading space, as the
# recorded ids show). Every row's ids, mask, offsets, word_ids and the overflow_to_sample_mapping.
#   /work/refvenv/bin/python scripts/record-word-windows.py
import json, os, sys
from transformers import AutoTokenizer

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
home = os.environ.get("LORAREPL_HOME", os.path.expanduser("~/.cache/lorarepl"))
out = os.path.join(root, "Tests", "ModelsTests", "Fixtures", "token-classification", "word-windows.json")
minilm = AutoTokenizer.from_pretrained(os.path.join(home, "models", "sentence-transformers", "all-MiniLM-L6-v2"))
smol = AutoTokenizer.from_pretrained(os.path.join(home, "models", "HuggingFaceTB", "SmolLM2-135M-Instruct"),
                                     gguf_file="SmolLM2-135M-Instruct.Q4_1.gguf", add_prefix_space=True)

sentences = [
    ["@paulwalk", "It's", "the", "view", "from", "where", "I'm", "living", "for", "two", "weeks", ".", "Empire", "State",
     "Building", "=", "ESB", ".", "Pretty", "bad", "storm", "here", "last", "evening", "."],
    ["Café", "Müller", "(", "Wuppertal", ")", "opened", "in", "1978", "—", "naïve", "décor", ",", "日本", "lanterns", "!!"],
    ["RT", "@TheNBA", ":", "LeBron", "James", "scores", "40", "in", "Miami", "#NBAPlayoffs", "http://t.co/abc123"],
    ["short"],
    ["", "  ", "word", "\t", "e\u0301te\u0301"],
]


def rows(enc):
    result = []
    for i in range(len(enc["input_ids"])):
        result.append({"input_ids": enc["input_ids"][i], "attention_mask": enc["attention_mask"][i],
                       "offset_mapping": [list(o) for o in enc["offset_mapping"][i]], "word_ids": enc.word_ids(i)})
    return result


def case(tok, name, words, **kwargs):
    enc = tok(words, is_split_into_words=True, return_offsets_mapping=True, **kwargs)
    if not kwargs.get("return_overflowing_tokens"):
        enc = tok([words] if isinstance(words[0], str) else words, is_split_into_words=True, return_offsets_mapping=True, **kwargs)
    result = {"name": name, "words": words, "kwargs": kwargs, "rows": rows(enc)}
    if kwargs.get("return_overflowing_tokens"):
        result["overflow_to_sample_mapping"] = enc["overflow_to_sample_mapping"]
    return result


fixture = {}
for label, tok in [("minilm", minilm), ("smollm2", smol)]:
    if tok.pad_token is None:
        tok.pad_token = tok.eos_token
    fixture[label] = [
        case(tok, "offsets", sentences),
        case(tok, "windows", sentences, truncation=True, max_length=16, stride=4, return_overflowing_tokens=True),
        case(tok, "windows_padded", sentences[:3], truncation=True, max_length=12, stride=3, return_overflowing_tokens=True,
             padding="max_length"),
        case(tok, "single_windows", sentences[0], truncation=True, max_length=10, stride=2, return_overflowing_tokens=True),
        case(tok, "truncated_no_overflow", sentences, truncation=True, max_length=9, padding=True),
    ]
with open(out, "w") as f:
    json.dump(fixture, f, ensure_ascii=False)
print(out, {k: [len(c["rows"]) for c in v] for k, v in fixture.items()}, file=sys.stderr)
