# Class-based code: method calls and attribute reads/writes on instances.
class Vocabulary:
    def __init__(self):
        self.token_to_id = {}
        self.id_to_token = []

    def add(self, token):
        if token not in self.token_to_id:
            self.token_to_id[token] = len(self.id_to_token)
            self.id_to_token.append(token)
        return self.token_to_id[token]

    def __len__(self):
        return len(self.id_to_token)


class RunningMean:
    def __init__(self):
        self.total = 0.0
        self.count = 0

    def update(self, value, n=1):
        self.total += value * n
        self.count += n

    @property
    def mean(self):
        return self.total / self.count if self.count else 0.0


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def dot(self, other):
        return self.x * other.x + self.y * other.y

    def scaled(self, k):
        return Point(self.x * k, self.y * k)


vocab = Vocabulary()
meter = RunningMean()
acc = 0
for i in range(100000):
    token_id = vocab.add("tok" + str(i % 500))
    meter.update(token_id * 0.5)
    p = Point(i % 10, i % 7)
    acc += p.dot(p.scaled(2))
print(len(vocab), round(meter.mean, 6), meter.count, acc)
