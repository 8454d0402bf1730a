import textwrap
import string
import statistics
import pprint

text = "LoRA freezes the pre-trained weights and injects trainable rank-decomposition matrices into each layer of the Transformer architecture, greatly reducing the number of trainable parameters for downstream tasks."
print(textwrap.fill(text, width=40))
print(textwrap.wrap(text, 30, initial_indent="* ", subsequent_indent="  "))
print(textwrap.shorten(text, width=50), textwrap.shorten("Hello  world!", width=12))
print(repr(textwrap.dedent("""
    def f():
        return 1
""")))
print(textwrap.indent("a\nb\n\nc", "> "))
print(textwrap.wrap("supercalifragilisticexpialidocious is long", 10), textwrap.wrap("well-known state-of-the-art", 12))
print(string.ascii_letters, string.digits, string.punctuation, repr(string.whitespace))
print(string.capwords("hello   big world"), string.Template("$name scored ${score}%, $$5").substitute(name="run1", score=91))
print(string.Template("$a and $b").safe_substitute(a=1))
print(statistics.mean([1, 2, 3, 4]), statistics.mean([1, 2, 3]), statistics.mean([0.1, 0.2, 0.3]), statistics.fmean([1, 2]))
print(statistics.median([3, 1, 2]), statistics.median([4, 1, 2, 3]), statistics.median_low([1, 2, 3, 4]), statistics.median_high([1, 2, 3, 4]))
print(statistics.mode(["a", "b", "b", "a", "c", "b"]), statistics.multimode("aabbc"))
print(statistics.variance([2, 4, 4, 4, 5, 5, 7, 9]), statistics.pvariance([2, 4, 4, 4, 5, 5, 7, 9]), statistics.stdev([2, 4, 4, 4, 5, 5, 7, 9]), statistics.pstdev([2, 4, 4, 4, 5, 5, 7, 9]))
print(statistics.variance([0.5, 0.25, 0.125]), statistics.stdev([1.5, 2.5, 2.5, 2.75, 3.25, 4.75]), statistics.quantiles([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], n=4))
try:
    statistics.mean([])
except statistics.StatisticsError as e:
    print("StatisticsError:", e)
data = {"model": "MiniLM", "lora": {"r": 8, "alpha": 16, "targets": ["query", "key", "value", "dense"], "dropout": 0.1}, "history": [{"epoch": i, "loss": round(1 / (i + 1), 4), "accuracy": 0.5 + i / 10} for i in range(4)]}
pprint.pprint(data)
pprint.pprint({"b": 1, "a": [1, 2]})
print(pprint.pformat(list(range(30)), width=40))
pprint.pprint(data, width=50, compact=True)
pprint.pprint(("x" * 30 + " ") * 4)
pprint.pp({"z": 1, "a": 2})
