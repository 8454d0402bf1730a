# Priority queues and sorted lookups: heapq for a task scheduler and top-k, bisect for grading and
# bucketing, with tuples as keys and a dataclass ordering.
import heapq
import bisect
from dataclasses import dataclass, field


tasks = []
for priority, name in [(3, "eval"), (1, "tokenize"), (2, "train"), (1, "download"), (5, "report")]:
    heapq.heappush(tasks, (priority, name))
print(tasks)
print([heapq.heappop(tasks) for _ in range(3)], tasks)
heapq.heappush(tasks, (0, "urgent"))
print(heapq.heappushpop(tasks, (4, "late")), heapq.heapreplace(tasks, (9, "last")), tasks)

numbers = [15, 3, 9, 27, 1, 8, 21, 4]
heap = numbers[:]
heapq.heapify(heap)
print(heap, heap[0])
print(heapq.nlargest(3, numbers), heapq.nsmallest(2, numbers), heapq.nlargest(2, ["bb", "a", "ccc"], key=len))
print(list(heapq.merge([1, 4, 9], [2, 3, 10], [0])), list(heapq.merge(["b", "c"], ["a"], key=str.upper)))


@dataclass(order=True)
class Job:
    priority: int
    name: str = field(compare=False)


queue = []
for job in [Job(2, "b"), Job(1, "a"), Job(3, "c")]:
    heapq.heappush(queue, job)
print([heapq.heappop(queue).name for _ in range(len(queue))])

scores = [55, 62, 70, 78, 85, 91, 99]
breakpoints = [60, 70, 80, 90]
grades = "FDCBA"
print([grades[bisect.bisect(breakpoints, s)] for s in scores])
ordered = [1, 3, 3, 3, 7, 9]
print(bisect.bisect_left(ordered, 3), bisect.bisect_right(ordered, 3), bisect.bisect_left(ordered, 4), bisect.bisect(ordered, 10))
bisect.insort(ordered, 5)
bisect.insort_left(ordered, 3)
print(ordered)
records = [("ann", 21), ("bob", 34), ("cid", 50)]
print(bisect.bisect_left(records, 30, key=lambda r: r[1]), bisect.bisect_right([r[1] for r in records], 34))
lengths = [3, 17, 45, 128, 600]
buckets = [16, 32, 64, 128, 256, 512]
print({n: buckets[min(bisect.bisect_left(buckets, n), len(buckets) - 1)] for n in lengths})


def running_median(stream):
    low, high = [], []
    for x in stream:
        heapq.heappush(low, -x)
        heapq.heappush(high, -heapq.heappop(low))
        if len(high) > len(low):
            heapq.heappush(low, -heapq.heappop(high))
        yield -low[0] if len(low) > len(high) else (-low[0] + high[0]) / 2


print(list(running_median([5, 15, 1, 3, 8, 7, 9, 10])))
