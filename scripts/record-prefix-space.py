# Records Tests/ModelsTests/Fixtures/token-classification/prefix-space.json once (tests never run Python):
# what `AutoTokenizer.from_pretrained(folder, add_prefix_space=None/True/False)` gives in transformers 5.25 for a
# byte-level BPE folder, by the class its tokenizer_config.json names. The folders are SmolLM2's vocabulary (from
# the demo GGUF) with the pre-tokenizer, post-processor and class set as below; the Swift test builds the same
# folders from lorarepl's own save of that tokenizer. Per case: ids of plain texts, and ids, offsets and word_ids
# of `is_split_into_words=True` input.
#   /work/refvenv/bin/python scripts/record-prefix-space.py
import json, os, sys, tempfile
from transformers import AutoTokenizer

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
home = os.environ.get("LORAREPL_HOME", os.path.expanduser("~/.cache/lorarepl"))
out = os.path.join(root, "Tests", "ModelsTests", "Fixtures", "token-classification", "prefix-space.json")
smol = os.path.join(home, "models", "HuggingFaceTB", "SmolLM2-135M-Instruct")

BYTE_LEVEL = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True}
DIGITS = {"type": "Digits", "individual_digits": True}
# name: (tokenizer_class, extra tokenizer_config keys, pre_tokenizer)
VARIANTS = {
    "backend": ("PreTrainedTokenizerFast", {}, BYTE_LEVEL),
    "backend_prefix": ("PreTrainedTokenizerFast", {}, dict(BYTE_LEVEL, add_prefix_space=True)),
    "gpt2": ("GPT2Tokenizer", {}, {"type": "Sequence", "pretokenizers": [DIGITS, BYTE_LEVEL]}),
    "gpt2_config": ("GPT2TokenizerFast", {"add_prefix_space": True}, BYTE_LEVEL),
}
POST_PROCESSOR = {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True}
TEXTS = ["Hello world", " leading space", "New York 2024!", "a  42 b"]
WORDS = [["Hello", "world", "New", "York"], ["Empire", "State", "=", "ESB", "42", "!!"], [" spaced", "x"]]

base = AutoTokenizer.from_pretrained(smol, gguf_file="SmolLM2-135M-Instruct.Q4_1.gguf")
work = tempfile.mkdtemp()
base.save_pretrained(work)
with open(os.path.join(work, "tokenizer.json")) as f:
    tokenizer_json = json.load(f)
with open(os.path.join(work, "tokenizer_config.json")) as f:
    tokenizer_config = json.load(f)

cases = []
for variant, (class_name, extra, pre) in VARIANTS.items():
    folder = os.path.join(work, variant)
    os.makedirs(folder)
    with open(os.path.join(folder, "tokenizer.json"), "w") as f:
        json.dump(dict(tokenizer_json, pre_tokenizer=pre, post_processor=POST_PROCESSOR), f)
    with open(os.path.join(folder, "tokenizer_config.json"), "w") as f:
        json.dump(dict(tokenizer_config, tokenizer_class=class_name, **extra), f)
    for option in [None, True, False]:
        kwargs = {} if option is None else {"add_prefix_space": option}
        tok = AutoTokenizer.from_pretrained(folder, **kwargs)
        enc = tok(WORDS, is_split_into_words=True, return_offsets_mapping=True)
        cases.append({
            "variant": variant, "add_prefix_space": option, "class": type(tok).__name__,
            "texts": tok(TEXTS)["input_ids"],
            "words": [{"input_ids": enc["input_ids"][i], "offset_mapping": [list(o) for o in enc["offset_mapping"][i]],
                       "word_ids": enc.word_ids(i)} for i in range(len(WORDS))],
        })
fixture = {"variants": {k: {"tokenizer_class": c, "config": e, "pre_tokenizer": p} for k, (c, e, p) in VARIANTS.items()},
           "post_processor": POST_PROCESSOR, "texts": TEXTS, "words": WORDS, "cases": cases}
with open(out, "w") as f:
    json.dump(fixture, f, ensure_ascii=False, indent=1)
print(out, len(cases), "cases", file=sys.stderr)
