# rouge_score 0.1.2 and nltk's PorterStemmer as scripts use them: RougeScorer with and without the stemmer,
# score_multi, a custom tokenizer object, BootstrapAggregator after np.random.seed, Score fields.
import numpy as np
from rouge_score import rouge_scorer, scoring
from nltk.stem import PorterStemmer
from nltk.stem.porter import PorterStemmer as Porter


def show(scores):
    return {k: tuple(round(x, 6) for x in v) for k, v in scores.items()}


targets = ["The cats were running quickly to the houses.", "A new method generalizes well.\nIt outperforms baselines."]
predictions = ["A cat runs quick to its house", "The proposed methods generalized well. They outperformed the baseline."]
for stem in [False, True]:
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL", "rougeLsum"], use_stemmer=stem)
    for target, prediction in zip(targets, predictions):
        print(stem, show(scorer.score(target, prediction)))

scorer = rouge_scorer.RougeScorer(["rouge1", "rougeL"], use_stemmer=True)
s = scorer.score("the cat sat on the mat", "the cats sat")
print(round(s["rouge1"].precision, 6), round(s["rouge1"].recall, 6), round(s["rouge1"].fmeasure, 6))
p, r, f = s["rougeL"]
print(round(p, 6), round(r, 6), round(f, 6))
print(show(scorer.score_multi(["a dog barked", "the cat sat down"], "the cats sat")))


class Words:
    def tokenize(self, text):
        return text.lower().split()


custom = rouge_scorer.RougeScorer(["rouge1"], tokenizer=Words())
print(show(custom.score("Hello, world", "hello world")))

aggregator = scoring.BootstrapAggregator()
scorer = rouge_scorer.RougeScorer(["rouge1", "rougeL"], use_stemmer=True)
for target, prediction in zip(targets + ["one two three", "four five"], predictions + ["one three", "five six seven"]):
    aggregator.add_scores(scorer.score(target, prediction))
np.random.seed(1)
result = aggregator.aggregate()
for key in result:
    agg = result[key]
    print(key, [tuple(round(float(x), 6) for x in bound) for bound in (agg.low, agg.mid, agg.high)])
print(round(float(result["rouge1"].mid.fmeasure), 6))

stemmer = PorterStemmer()
print([stemmer.stem(w) for w in ["running", "generalization", "Skies", "dying", "happily", "is", "agreed", "controlling"]])
print([Porter("ORIGINAL_ALGORITHM").stem(w) for w in ["generalization", "skies", "dying", "happily", "is", "agreed"]])
print(Porter("MARTIN_EXTENSIONS").stem("archaeology"), stemmer.stem("Running", to_lowercase=False))
