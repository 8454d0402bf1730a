# A manual training loop's progress code as tutorials write it; the bars are disabled so standard output
# holds only what tqdm.write and print give (recorded with the reference venv's tqdm).
from tqdm import tqdm, trange
from tqdm.auto import tqdm as auto_tqdm

losses = []
for epoch in trange(2, desc="epochs", disable=True):
    progress = tqdm(range(4), desc=f"epoch {epoch}", disable=True)
    print(len(progress))
    for step in progress:
        loss = 1.0 / (epoch * 4 + step + 1)
        losses.append(loss)
        progress.set_postfix(loss=f"{loss:.3f}")
        if step % 2 == 0:
            tqdm.write(f"epoch {epoch} step {step} loss {loss:.4f}")
bar = auto_tqdm(total=10, disable=True)
for _ in range(3):
    bar.update(1)
bar.close()
print(bar.n, bar.total, len(bar))
with tqdm(["a", "b"], disable=True) as items:
    print([x.upper() for x in items])
print(round(sum(losses), 4))
