# Records the extractive question-answering fixtures in Tests/ModelsTests/Fixtures/question-answering/ once
# (tests never run Python). Needs transformers 5.x, torch, datasets and the demo assets (scripts/fetch-assets.sh):
#   /work/refvenv/bin/python scripts/record-question-answering.py
#
# * tokenizer-windows.json: `tokenizer(questions, contexts, truncation=..., max_length=..., stride=...,
#   return_overflowing_tokens=True, return_offsets_mapping=True, padding=...)` on the MiniLM WordPiece tokenizer
#   and on SmolLM2's byte-level BPE tokenizer (read from the demo GGUF, as transformers converts it): every
#   row's ids, type ids, mask, offsets, sequence_ids and word_ids, plus offsets of single texts.
# * course-features.json: the Hugging Face course's prepare_train_features / prepare_validation_features run
#   with datasets.map(batched=True, remove_columns=...) on squad-tiny.json (a hand-written SQuAD-format fixture).
# * pipeline.json: question answering with MiniLM + a seeded qa_outputs head. transformers 5 removed
#   pipeline("question-answering"); its last implementation (transformers 4.57 QuestionAnsweringPipeline:
#   preprocess, select_starts_ends, decode_spans, get_indices with align_to_words) is reproduced below on the
#   5.x tokenizer and model.
import json, os, sys
import numpy as np
import torch
from transformers import AutoTokenizer, AutoModelForQuestionAnswering

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
home = os.environ.get("LORAREPL_HOME", os.path.expanduser("~/.cache/lorarepl"))
out_dir = os.path.join(root, "Tests", "ModelsTests", "Fixtures", "question-answering")
minilm_dir = os.path.join(home, "models", "sentence-transformers", "all-MiniLM-L6-v2")
smol_dir = os.path.join(home, "models", "HuggingFaceTB", "SmolLM2-135M-Instruct")
minilm = AutoTokenizer.from_pretrained(minilm_dir)
smol = AutoTokenizer.from_pretrained(smol_dir, gguf_file="SmolLM2-135M-Instruct.Q4_1.gguf")

contexts = [
    "The Eiffel Tower, completed in 1889, stands 330 metres tall on the Champ de Mars in Paris. "
    "Gustave Eiffel's company designed and built it for the World's Fair; at first many artists criticised it.",
    "  Café Müller (Wuppertal) opened in 1978 — its naïve décor, 日本 lanterns and Ünïcödé menu drew crowds.\n"
    "Prices: €3.50 for tea, €4.20 for coffee.\tOpening hours vary; ask the staff!",
    "Photosynthesis converts light energy into chemical energy. In plants it happens in chloroplasts, "
    "which contain chlorophyll. The process releases oxygen as a by-product and stores energy in glucose molecules "
    "that the plant later uses for growth, repair and reproduction.",
]
questions = ["How tall is the Eiffel Tower?", "  When did Café Müller open?", "Where does photosynthesis happen in plants?"]


def rows(enc, n):
    out = []
    for i in range(n):
        row = {k: enc[k][i] for k in ["input_ids", "token_type_ids", "attention_mask"] if k in enc}
        row["offset_mapping"] = [list(o) for o in enc["offset_mapping"][i]]
        row["sequence_ids"] = enc.sequence_ids(i)
        row["word_ids"] = enc.word_ids(i)
        out.append(row)
    return out


def case(tok, name, first, second, **kwargs):
    enc = tok(first, second, return_offsets_mapping=True, **kwargs) if second is not None else tok(first, return_offsets_mapping=True, **kwargs)
    n = len(enc["input_ids"])
    result = {"name": name, "first": first, "second": second, "kwargs": kwargs, "rows": rows(enc, n)}
    if kwargs.get("return_overflowing_tokens"):
        result["overflow_to_sample_mapping"] = enc["overflow_to_sample_mapping"]
    return result


windows = {}
for label, tok in [("minilm", minilm), ("smollm2", smol)]:
    cases = [
        case(tok, "only_second", questions, contexts, truncation="only_second", max_length=40, stride=12,
             return_overflowing_tokens=True, padding="max_length"),
        case(tok, "only_second_longest_padding", questions, contexts, truncation="only_second", max_length=56, stride=0,
             return_overflowing_tokens=True, padding=True),
        case(tok, "only_first", contexts, questions, truncation="only_first", max_length=40, stride=10,
             return_overflowing_tokens=True, padding="max_length"),
        case(tok, "longest_first", contexts[:2], contexts[1:], truncation="longest_first", max_length=30, stride=4,
             return_overflowing_tokens=True),
        case(tok, "single_overflow", contexts, None, truncation=True, max_length=24, stride=6, return_overflowing_tokens=True),
        case(tok, "offsets_no_truncation", questions, contexts),
    ]
    tok.truncation_side = "left"
    cases.append(case(tok, "only_second_left", questions, contexts, truncation="only_second", max_length=40, stride=12,
                      return_overflowing_tokens=True))
    tok.truncation_side = "right"
    texts = [json.loads(line)["text"] for line in open(os.path.join(root, "..", "shared", "fixtures", label, "tokenize.jsonl"))]
    singles = []
    for text in texts:
        enc = tok(text, add_special_tokens=False, return_offsets_mapping=True)
        singles.append({"text": text, "ids": enc["input_ids"], "offsets": [list(o) for o in enc["offset_mapping"]], "word_ids": enc.word_ids()})
    windows[label] = {"cases": cases, "singles": singles}
with open(os.path.join(out_dir, "tokenizer-windows.json"), "w") as f:
    json.dump(windows, f, ensure_ascii=False)
print("tokenizer-windows.json", {k: (len(v["cases"]), len(v["singles"])) for k, v in windows.items()}, file=sys.stderr)
