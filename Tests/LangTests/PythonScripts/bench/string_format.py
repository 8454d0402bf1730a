# String building: f-strings with float formats, join, split, str methods.
lines = []
for step in range(1, 60001):
    loss = 2.5 / step + 0.01 * (step % 17)
    lr = 3e-4 * (1 - step / 60000)
    lines.append(f"step {step:>6d} | loss {loss:.4f} | lr {lr:.2e} | acc {step % 100 / 100:.1%}")
log = "\n".join(lines)
parts = log.split("\n")
total_len = 0
for line in parts:
    fields = line.split(" | ")
    total_len += len(fields[1]) + len(fields[0].strip())
report = []
for i in range(0, 60000, 600):
    x = i / 7
    report.append(str(x) + " " + repr(x * 1.1) + " " + "{:.3f}".format(x) + " " + "%d/%5.2f" % (i, x))
print(len(log), total_len)
print(parts[0])
print(parts[-1])
print(report[:3])
print(len(" ".join(report)))
