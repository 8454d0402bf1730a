# Records Tests/TrainingTests/Fixtures/rouge/ once (tests never run Python):
#   porter-stems.tsv  word, then its stem in NLTK's three PorterStemmer modes (NLTK_EXTENSIONS, the default
#                     that rouge_score uses; MARTIN_EXTENSIONS; ORIGINAL_ALGORITHM). The words: every token
#                     of the ACLSum summaries and abstracts, every fourth alphabetic WordPiece of MiniLM's
#                     vocab.txt longer than three letters, and crafted edge cases.
#   rouge-scores.json rouge_score's RougeScorer(["rouge1", "rouge2", "rougeL", "rougeLsum"], use_stemmer=…)
#                     precision/recall/fmeasure on crafted pairs and ACLSum summary pairs, with and without
#                     the stemmer.
# Needs rouge_score 0.1.2 and nltk, and the demo assets (scripts/fetch-assets.sh):
#   /work/refvenv/bin/python scripts/record-rouge.py
import json, os, re
import nltk
from nltk.stem import porter
from rouge_score import rouge_scorer, tokenize

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
home = os.environ.get("LORAREPL_HOME") or os.path.expanduser("~/.cache/lorarepl")
out = os.path.join(root, "Tests", "TrainingTests", "Fixtures", "rouge")
os.makedirs(out, exist_ok=True)

papers = []
for split in ["train", "val", "test"]:
    with open(os.path.join(home, "data", "aclsum", split + ".jsonl")) as f:
        papers += [json.loads(line) for line in f]

words = set()
for paper in papers:
    texts = list(paper["summary"].values()) + paper["sentences"]["abstract"]
    for text in texts:
        words.update(tokenize.tokenize(text, None))
with open(os.path.join(home, "models", "sentence-transformers", "all-MiniLM-L6-v2", "vocab.txt")) as f:
    vocab = [w for w in (line.strip() for line in f) if re.fullmatch(r"[a-z]{4,}", w)]
    words.update(vocab[::4])   # every fourth, to keep the fixture small
crafted = ["y", "yy", "yyyy", "syzygy", "toy", "Caresses", "PONIES", "ties", "dies", "flies", "spied", "died",
           "sky", "skies", "dying", "lying", "tying", "news", "innings", "outing", "cannings", "howe", "proceed",
           "exceed", "succeed", "feed", "agreed", "bled", "sing", "hopping", "fizzed", "failing", "filing",
           "happy", "enjoy", "generalli", "hopefulli", "archaeologi", "geologi", "theologi", "conformabli",
           "controll", "roll", "cease", "rate", "probate", "at", "is", "ab", "é", "Éclairs", "naïve", "x3ed",
           "electricity", "relational", "vietnamization", "adoption", "homologou", "bowdlerize", "eeds", "ied",
           "ies", "yed", "ying", "yies"]
words.update(crafted)
modes = [porter.PorterStemmer.NLTK_EXTENSIONS, porter.PorterStemmer.MARTIN_EXTENSIONS, porter.PorterStemmer.ORIGINAL_ALGORITHM]
stemmers = [porter.PorterStemmer(mode) for mode in modes]
with open(os.path.join(out, "porter-stems.tsv"), "w") as f:
    f.write(f"# nltk {nltk.__version__}: word\t{modes[0]}\t{modes[1]}\t{modes[2]}\n")
    for word in sorted(words):
        f.write("\t".join([word] + [s.stem(word) for s in stemmers]) + "\n")

pairs = [
    ("The cats are running quickly.", "A cat runs quick"),
    ("the cat was found under the bed", "the cat was under the bed"),
    ("Generalization of models", "they generalize the model generally"),
    ("", "something"),
    ("one\ntwo three\n\nfour", "two three four\none"),
    ("Line one.\r\nLine two.", "line one line two"),
    ("Ünïcödé wörds and ASCII words", "unicode words and ascii"),
    ("a b c", "a b c"),
    ("short", ""),
]
for paper in papers[:40]:
    s = paper["summary"]
    pairs.append((s["challenge"], s["approach"]))
    pairs.append((s["outcome"], paper["sentences"]["abstract"][-1]))
    pairs.append((s["approach"], "\n".join(paper["sentences"]["abstract"][:3])))
types = ["rouge1", "rouge2", "rougeL", "rougeLsum"]
records = []
for stem in [False, True]:
    scorer = rouge_scorer.RougeScorer(types, use_stemmer=stem)
    for target, prediction in pairs:
        scores = scorer.score(target, prediction)
        records.append({"target": target, "prediction": prediction, "use_stemmer": stem,
                        "scores": {t: [scores[t].precision, scores[t].recall, scores[t].fmeasure] for t in types}})
with open(os.path.join(out, "rouge-scores.json"), "w") as f:
    json.dump({"source": f"rouge_score 0.1.2, nltk {nltk.__version__}", "records": records}, f, indent=1)
print(len(words), "words,", len(records), "rouge records")
