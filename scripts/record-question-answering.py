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

# --- pipeline.json: transformers 4.57's QuestionAnsweringPipeline (removed in 5.x) on the 5.x tokenizer/model ---
model = AutoModelForQuestionAnswering.from_pretrained(minilm_dir)
import math
weight = [[round(0.05 * math.sin(0.37 * (i * 384 + j) + 0.5 * i), 6) for j in range(384)] for i in range(2)]
model.load_state_dict({"qa_outputs.weight": torch.tensor(weight), "qa_outputs.bias": torch.tensor([0.1, -0.2])}, strict=False)
model.eval()


def decode_spans(start, end, topk, max_answer_len, undesired_tokens):
    if start.ndim == 1:
        start = start[None]
    if end.ndim == 1:
        end = end[None]
    outer = np.matmul(np.expand_dims(start, -1), np.expand_dims(end, 1))
    candidates = np.tril(np.triu(outer), max_answer_len - 1)
    scores_flat = candidates.flatten()
    if topk == 1:
        idx_sort = [np.argmax(scores_flat)]
    elif len(scores_flat) < topk:
        idx_sort = np.argsort(-scores_flat)
    else:
        idx = np.argpartition(-scores_flat, topk)[0:topk]
        idx_sort = idx[np.argsort(-scores_flat[idx])]
    starts, ends = np.unravel_index(idx_sort, candidates.shape)[1:]
    desired_spans = np.isin(starts, undesired_tokens.nonzero()) & np.isin(ends, undesired_tokens.nonzero())
    starts = starts[desired_spans]
    ends = ends[desired_spans]
    scores = candidates[0, starts, ends]
    return starts, ends, scores


def select_starts_ends(start, end, p_mask, attention_mask, min_null_score=1000000, top_k=1, handle_impossible_answer=False, max_answer_len=15):
    undesired_tokens = np.abs(np.array(p_mask) - 1)
    if attention_mask is not None:
        undesired_tokens = undesired_tokens & attention_mask
    undesired_tokens_mask = undesired_tokens == 0.0
    start = np.where(undesired_tokens_mask, -10000.0, start)
    end = np.where(undesired_tokens_mask, -10000.0, end)
    start = np.exp(start - start.max(axis=-1, keepdims=True))
    start = start / start.sum()
    end = np.exp(end - end.max(axis=-1, keepdims=True))
    end = end / end.sum()
    if handle_impossible_answer:
        min_null_score = min(min_null_score, (start[0, 0] * end[0, 0]).item())
    start[0, 0] = end[0, 0] = 0.0
    starts, ends, scores = decode_spans(start, end, top_k, max_answer_len, undesired_tokens)
    return starts, ends, scores, min_null_score


def qa_pipeline(question, context, top_k=1, doc_stride=None, max_answer_len=15, max_seq_len=None, handle_impossible_answer=False, align_to_words=True):
    tok = minilm
    if max_seq_len is None:
        max_seq_len = min(tok.model_max_length, 384)
    if doc_stride is None:
        doc_stride = min(max_seq_len // 2, 128)
    question_first = tok.padding_side == "right"
    enc = tok(text=question, text_pair=context, padding="do_not_pad", truncation="only_second", max_length=max_seq_len,
              stride=doc_stride, return_token_type_ids=True, return_overflowing_tokens=True, return_offsets_mapping=True,
              return_special_tokens_mask=True)
    min_null_score = 1000000
    answers = []
    for span in range(len(enc["input_ids"])):
        ids = enc["input_ids"][span]
        p_mask = [tok_ != 1 for tok_ in enc.sequence_ids(span)]
        for k, i in enumerate(ids):
            if i == tok.cls_token_id:
                p_mask[k] = 0
        p_mask = np.asarray([p_mask])
        attention_mask = np.asarray([enc["attention_mask"][span]])
        with torch.no_grad():
            out = model(input_ids=torch.tensor([ids]), attention_mask=torch.tensor(attention_mask),
                        token_type_ids=torch.tensor([enc["token_type_ids"][span]]))
        starts, ends, scores, min_null_score = select_starts_ends(out.start_logits.numpy(), out.end_logits.numpy(), p_mask, attention_mask,
                                                                  min_null_score, top_k, handle_impossible_answer, max_answer_len)
        e = enc[span]
        for s, t, score in zip(starts, ends, scores):
            if align_to_words:
                try:
                    start_index = e.word_to_chars(e.token_to_word(s), sequence_index=1)[0]
                    end_index = e.word_to_chars(e.token_to_word(t), sequence_index=1)[1]
                except Exception:
                    start_index, end_index = e.offsets[s][0], e.offsets[t][1]
            else:
                start_index, end_index = e.offsets[s][0], e.offsets[t][1]
            answers.append({"score": score.item(), "start": start_index, "end": end_index, "answer": context[start_index:end_index]})
    if handle_impossible_answer:
        answers.append({"score": min_null_score, "start": 0, "end": 0, "answer": ""})
    answers = sorted(answers, key=lambda x: x["score"], reverse=True)[:top_k]
    return answers


calls = [
    {"question": questions[0], "context": contexts[0]},
    {"question": questions[1], "context": contexts[1], "top_k": 3},
    {"question": questions[2], "context": contexts[2], "max_seq_len": 32, "doc_stride": 8, "top_k": 2},
    {"question": questions[2], "context": contexts[2], "max_seq_len": 40, "doc_stride": 10, "max_answer_len": 3, "handle_impossible_answer": True, "top_k": 2},
    {"question": questions[1], "context": contexts[1], "align_to_words": False, "top_k": 4, "max_answer_len": 4},
]
pipeline_cases = [{"kwargs": c, "answers": qa_pipeline(**c)} for c in calls]
with open(os.path.join(out_dir, "pipeline.json"), "w") as f:
    json.dump(pipeline_cases, f, ensure_ascii=False, indent=1)
print("pipeline.json", [[a["answer"] for a in c["answers"]] for c in pipeline_cases], file=sys.stderr)
