# Seeded randomness and math as data-prep code uses them: shuffles, samples, weighted choices,
# gaussian noise, and the math functions behind metrics and schedules.
import math
import random

random.seed(1234)
data = list(range(20))
random.shuffle(data)
print(data)
print(random.sample(data, 5), random.choice("abcdef"), random.randint(1, 6), random.randrange(0, 100, 1))
print(random.choices(["pos", "neg", "neu"], weights=[5, 3, 2], k=10))
print(random.choices("xyz", k=6), random.choices(range(4), cum_weights=[1, 2, 3, 10], k=5))
print([round(random.gauss(0, 1), 6) for _ in range(4)])
print([round(random.uniform(-1, 1), 6) for _ in range(3)], round(random.random(), 12))
print(round(random.normalvariate(10, 2), 6), round(random.expovariate(0.5), 6), round(random.triangular(0, 10, 3), 6))

random.seed(42)
split = int(0.8 * len(data))
train, test = data[:split], data[split:]
random.shuffle(train)
print(len(train), len(test), train[:5])

print(math.sqrt(2), math.exp(1), math.log(100, 10), math.log2(1024), math.log10(0.001), math.log1p(1e-9))
print(math.floor(-2.5), math.ceil(-2.5), math.trunc(-2.5), math.fabs(-3), math.copysign(2, -0.0), math.fmod(-7, 3))
print(math.isclose(0.1 + 0.2, 0.3), math.isfinite(1e308), math.isinf(-math.inf), math.isnan(float("nan")))
print(math.gcd(48, 18), math.lcm(4, 6, 10), math.factorial(10), math.comb(10, 3), math.perm(5, 2), math.isqrt(99))
print(math.prod([1, 2, 3, 4]), math.prod([0.5, 4]), math.fsum([0.1] * 10), sum([0.1] * 10))
print(math.hypot(3, 4), math.dist((1, 1), (4, 5)), math.degrees(math.pi / 2), math.radians(45))
print(math.sin(math.pi / 6), math.cos(0), math.tan(math.pi / 4), math.atan2(1, -1), math.asin(1), math.acos(0.5))
print(math.sinh(1), math.cosh(1), math.tanh(0.5), math.asinh(1), math.acosh(2), math.atanh(0.5))
print(math.erf(0.5), math.erfc(0.5), round(math.gamma(5.5), 10), round(math.lgamma(10), 10), math.expm1(1e-5))
print(math.modf(-3.25), math.frexp(48.0), math.ldexp(0.75, 6), math.remainder(10, 4), math.pi, math.e, math.tau, math.inf)


def cosine_schedule(step, total, base=5e-5):
    return base * 0.5 * (1 + math.cos(math.pi * step / total))


print([f"{cosine_schedule(s, 10):.3e}" for s in range(0, 11, 2)])


def softmax(xs):
    m = max(xs)
    exps = [math.exp(x - m) for x in xs]
    total = sum(exps)
    return [e / total for e in exps]


probs = softmax([2.0, 1.0, 0.1])
print([round(p, 4) for p in probs], -sum(p * math.log(p) for p in probs))
values = [random.gauss(5, 2) for _ in range(1000)]
mean = sum(values) / len(values)
std = math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1))
print(f"mean={mean:.4f} std={std:.4f}")
try:
    math.sqrt(-1)
except ValueError as error:
    print("ValueError:", error)
try:
    math.log(0)
except ValueError as error:
    print("ValueError:", error)
