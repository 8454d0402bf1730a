import PythonBasics

/// Python's `random.Random(seed)` (CPython's MT19937, from `PythonBasics`) as a data generator:
/// `PythonRandom(seed: 42).permutation(n)` gives the order of `random.Random(42).shuffle(list(range(n)))`,
/// which is how the reference recipe (`shared/bench/ref_train_cls.py`) splits the demo corpus.
public typealias PythonRandom = MersenneTwister

extension MersenneTwister: SeededGenerator {}
