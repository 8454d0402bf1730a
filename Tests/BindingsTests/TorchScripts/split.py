# sklearn's train_test_split for the same random_state: run by lorarepl (TorchSurfaceTests) and once by CPython + scikit-learn.
from sklearn.model_selection import train_test_split

xs = list(range(20))
ys = [i % 3 for i in range(20)]
a, b, c, d = train_test_split(xs, ys, test_size=0.2, random_state=42)
print(a, b, c, d)
print(train_test_split(xs, test_size=5, random_state=0))
print(train_test_split(list(range(100)), train_size=0.5, test_size=0.3, random_state=7)[1])
print(train_test_split(list(range(10)), random_state=1))
print(train_test_split(list(range(10)), shuffle=False, test_size=0.3))
texts = [f"t{i}" for i in range(300)]
train, test = train_test_split(texts, test_size=0.1, random_state=123)
print(len(train), len(test), test[:10], train[:5])
