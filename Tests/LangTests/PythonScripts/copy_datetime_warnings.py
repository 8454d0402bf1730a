import copy
import warnings
from datetime import datetime, date, timedelta

class Config:
    def __init__(self, r, modules):
        self.r = r
        self.modules = modules
    def __repr__(self):
        return f"Config(r={self.r}, modules={self.modules})"

a = {"layers": [1, 2, [3, 4]], "name": "x"}
b = copy.copy(a)
c = copy.deepcopy(a)
a["layers"][2].append(5)
print(b, c, b["layers"] is a["layers"], c["layers"] is a["layers"])
cfg = Config(8, ["q", "v"])
shallow = copy.copy(cfg)
deep = copy.deepcopy(cfg)
cfg.modules.append("k")
print(shallow, deep, type(deep).__name__)
shared = [1]
pair = copy.deepcopy([shared, shared])
print(pair[0] is pair[1], copy.deepcopy((1, "a")))

d = datetime(2024, 3, 9, 14, 5, 7, 250000)
print(d, repr(d), d.year, d.month, d.day, d.hour, d.minute, d.second, d.microsecond)
print(d.strftime("%Y-%m-%d %H:%M:%S.%f %a %A %b %B %j %I%p %y %%"), d.isoformat(), d.date(), d.weekday())
later = d + timedelta(days=1, hours=12, minutes=30)
print(later, later - d, repr(later - d), (later - d).total_seconds(), d - later)
print(timedelta(seconds=90), timedelta(weeks=1, milliseconds=5), repr(timedelta(hours=-1)), timedelta(minutes=5) * 3, timedelta(hours=1) / timedelta(minutes=15))
print(date(2024, 2, 29), repr(date(2024, 2, 29)), date(2024, 2, 29) + timedelta(days=1), datetime(2024, 1, 1) < datetime(2024, 1, 2))
print(datetime.fromisoformat("2023-12-31T23:59:59"), datetime(2024, 1, 1).strftime("%d/%m/%Y"), str(datetime(2024, 5, 1, 8)))
try:
    datetime(2023, 2, 29)
except ValueError as e:
    print("ValueError:", e)

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    warnings.warn("max_length is deprecated", DeprecationWarning)
    warnings.warn("plain")
    warnings.warn(FutureWarning("behaviour will change"))
print(len(caught), [w.category.__name__ for w in caught], [str(w.message) for w in caught])
with warnings.catch_warnings():
    warnings.simplefilter("error")
    try:
        warnings.warn("now an error", RuntimeWarning)
    except RuntimeWarning as e:
        print("raised:", type(e).__name__, e)
warnings.filterwarnings("ignore", message="noisy")
warnings.warn("noisy message ignored")
print(issubclass(UserWarning, Warning), issubclass(DeprecationWarning, Exception))
