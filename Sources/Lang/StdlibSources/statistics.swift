// Generated from stdlib/statistics.lora by GeneratedFilesTests (LORAREPL_REGENERATE=1). Do not edit by hand.
extension StdlibSources {
    static let statisticsSource = ##"""
"""Descriptive statistics as in CPython's statistics module, written in lorarepl: mean, fmean, median
(low/high), mode, multimode, variance, pvariance, stdev, pstdev, harmonic_mean, geometric_mean, quantiles.

    statistics.mean([0.8, 0.9, 0.85])    # 0.85
    statistics.stdev(losses)

Sums of floats are exact (math.fsum) before the final division, as CPython's exact fractions give; a
result can still differ from CPython's in the last digit in rare cases.
"""
import math


class StatisticsError(ValueError):
    pass


def _all_ints(data):
    return all(isinstance(x, int) and not isinstance(x, bool) for x in data) or all(isinstance(x, bool) for x in data)


def _divide(numerator, denominator, ints):
    if ints and numerator % denominator == 0:
        return numerator // denominator
    return numerator / denominator


def _partials(values):
    """The exact sum of floats as non-overlapping partials (Shewchuk's algorithm, as math.fsum keeps them)."""
    partials = []
    for x in values:
        i = 0
        for y in list(partials):
            if abs(x) < abs(y):
                x, y = y, x
            hi = x + y
            lo = y - (hi - x)
            if lo:
                partials[i] = lo
                i += 1
            x = hi
        del partials[i:]
        partials.append(x)
    return partials


def _two_product(a, b):
    """a * b as hi + lo exactly (Dekker)."""
    p = a * b
    split = 134217729.0
    t = split * a
    a_hi = t - (t - a)
    a_lo = a - a_hi
    t = split * b
    b_hi = t - (t - b)
    b_lo = b - b_hi
    return p, ((a_hi * b_hi - p) + a_hi * b_lo + a_lo * b_hi) + a_lo * b_lo


def _exact_mean(data):
    """sum(data) / n rounded once, as CPython's exact-fraction mean gives it."""
    n = len(data)
    partials = _partials(data)
    q = math.fsum(partials) / n
    hi, lo = _two_product(q, float(n))
    residual = math.fsum(_partials(partials + [0.0 - hi, 0.0 - lo]))
    return q + residual / n


def mean(data):
    data = list(data)
    n = len(data)
    if n < 1:
        raise StatisticsError("mean requires at least one data point")
    if _all_ints(data):
        return _divide(sum(data), n, True)
    return _exact_mean(data)


def fmean(data, weights=None):
    data = list(data)
    if weights is None:
        if not data:
            raise StatisticsError("fmean requires at least one data point")
        return math.fsum(data) / len(data)
    weights = list(weights)
    if len(weights) != len(data):
        raise StatisticsError("data and weights must be the same length")
    total = math.fsum(weights)
    if not total:
        raise StatisticsError("sum of weights must be non-zero")
    return math.fsum(x * w for x, w in zip(data, weights)) / total


def _sorted_for_median(data):
    data = sorted(data)
    if len(data) == 0:
        raise StatisticsError("no median for empty data")
    return data


def median(data):
    data = _sorted_for_median(data)
    i = len(data) // 2
    return data[i] if len(data) % 2 == 1 else (data[i - 1] + data[i]) / 2


def median_low(data):
    data = _sorted_for_median(data)
    i = len(data) // 2
    return data[i] if len(data) % 2 == 1 else data[i - 1]


def median_high(data):
    data = _sorted_for_median(data)
    return data[len(data) // 2]


def _counts(data):
    counts = {}
    for x in data:
        counts[x] = counts.get(x, 0) + 1
    return counts


def mode(data):
    counts = _counts(data)
    if not counts:
        raise StatisticsError("no mode for empty data")
    best = None
    best_count = 0
    for value, count in counts.items():
        if count > best_count:
            best = value
            best_count = count
    return best


def multimode(data):
    counts = _counts(data)
    if not counts:
        return []
    top = max(counts.values())
    return [value for value, count in counts.items() if count == top]


def _sum_squares(data, ints):
    n = len(data)
    if ints:
        total = sum(data)
        return n * sum(x * x for x in data) - total * total, n * n
    m = math.fsum(data) / n
    return math.fsum((x - m) * (x - m) for x in data), 1


def variance(data, xbar=None):
    data = list(data)
    n = len(data)
    if n < 2:
        raise StatisticsError("variance requires at least two data points")
    ints = _all_ints(data) and xbar is None
    if xbar is not None:
        return math.fsum((x - xbar) * (x - xbar) for x in data) / (n - 1)
    ss, scale = _sum_squares(data, ints)
    if ints:
        return _divide(ss, n * (n - 1), True)
    return ss / (n - 1)


def pvariance(data, mu=None):
    data = list(data)
    n = len(data)
    if n < 1:
        raise StatisticsError("pvariance requires at least one data point")
    if mu is not None:
        return math.fsum((x - mu) * (x - mu) for x in data) / n
    ints = _all_ints(data)
    ss, scale = _sum_squares(data, ints)
    if ints:
        return _divide(ss, n * n, True)
    return ss / n


def stdev(data, xbar=None):
    return _deviation(data, xbar, 1, "stdev requires at least two data points", variance)


def pstdev(data, mu=None):
    return _deviation(data, mu, 0, "pstdev requires at least one data point", pvariance)


def _deviation(data, center, ddof, too_few, variance_of):
    # The square root of the (sample: ddof 1, population: ddof 0) variance; exact sums for ints as in CPython.
    data = list(data)
    n = len(data)
    if n < 1 + ddof:
        raise StatisticsError(too_few)
    if center is None and _all_ints(data):
        ss, scale = _sum_squares(data, True)
        return math.sqrt(ss / (n * (n - ddof)))
    return math.sqrt(variance_of(data, center))


def harmonic_mean(data):
    data = list(data)
    if not data:
        raise StatisticsError("harmonic_mean requires at least one data point")
    for x in data:
        if x < 0:
            raise StatisticsError("harmonic mean does not support negative values")
        if x == 0:
            return 0
    return len(data) / math.fsum(1 / x for x in data)


def geometric_mean(data):
    data = list(data)
    if not data:
        raise StatisticsError("geometric_mean requires a non-empty dataset containing positive numbers")
    for x in data:
        if x <= 0:
            raise StatisticsError("geometric_mean requires a non-empty dataset containing positive numbers")
    return math.exp(math.fsum(math.log(x) for x in data) / len(data))


def quantiles(data, *, n=4, method="exclusive"):
    if n < 1:
        raise StatisticsError("n must be at least 1")
    data = sorted(data)
    ld = len(data)
    if ld < 2:
        raise StatisticsError("must have at least two data points")
    result = []
    if method == "inclusive":
        m = ld - 1
        for i in range(1, n):
            j = i * m // n
            delta = i * m - j * n
            result.append((data[j] * (n - delta) + data[j + 1] * delta) / n)
        return result
    if method != "exclusive":
        raise ValueError("Unknown method: " + repr(method))
    m = ld + 1
    for i in range(1, n):
        j = i * m // n
        j = 1 if j < 1 else (ld - 1 if j > ld - 1 else j)
        delta = i * m - j * n
        result.append((data[j - 1] * (n - delta) + data[j] * delta) / n)
    return result
"""##
}
