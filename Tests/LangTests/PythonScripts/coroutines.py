# Generator-based coroutines: send() for running averages, a state machine, and a pipeline of consumers.
def running_average():
    total = 0.0
    count = 0
    average = None
    while True:
        value = yield average
        total += value
        count += 1
        average = total / count


avg = running_average()
next(avg)
for loss in [0.9, 0.7, 0.65, 0.5]:
    print(round(avg.send(loss), 4))


def ema(beta=0.9):
    value = yield
    smoothed = value
    while True:
        value = yield smoothed
        smoothed = beta * smoothed + (1 - beta) * value


smoother = ema(0.5)
next(smoother)
print([round(smoother.send(x), 3) for x in [1.0, 0.0, 0.0, 1.0]])


def lexer(text):
    state = "space"
    word = ""
    for ch in text + " ":
        if state == "space" and not ch.isspace():
            state, word = "word", ch
        elif state == "word" and ch.isspace():
            yield word
            state = "space"
        elif state == "word":
            word += ch


print(list(lexer("  split   these words ")))


def printer(prefix):
    try:
        while True:
            item = yield
            print(prefix, item)
    finally:
        print(prefix, "closed")


def fanout(*targets):
    while True:
        item = yield
        for t in targets:
            t.send(item)


a, b = printer("a:"), printer("b:")
next(a)
next(b)
fan = fanout(a, b)
next(fan)
fan.send(1)
fan.send("two")
a.close()
b.close()


def early_stopping(patience):
    best = None
    bad = 0
    stop = False
    while True:
        loss = yield stop
        if best is None or loss < best:
            best, bad = loss, 0
        else:
            bad += 1
        stop = bad >= patience


watch = early_stopping(2)
next(watch)
print([watch.send(l) for l in [1.0, 0.8, 0.85, 0.9, 0.7]])
