# An inventory with dataclasses (field options, __post_init__, frozen, order, replace, astuple, fields),
# an Enum for categories, match on the records, sorting with keys and a JSON round trip.
import json
from dataclasses import dataclass, field, asdict, astuple, fields, replace, FrozenInstanceError
from enum import Enum
from typing import Optional


class Category(Enum):
    FRUIT = "fruit"
    DAIRY = "dairy"
    BAKERY = "bakery"


@dataclass(order=True)
class Item:
    sort_key: float = field(init=False, repr=False)
    name: str
    price: float
    quantity: int = 0
    category: Category = Category.FRUIT
    tags: list = field(default_factory=list)
    note: Optional[str] = None

    def __post_init__(self):
        if self.price < 0:
            raise ValueError(f"price of {self.name} must be >= 0, got {self.price}")
        self.sort_key = self.price * self.quantity

    @property
    def total(self):
        return round(self.price * self.quantity, 2)


@dataclass(frozen=True)
class Location:
    aisle: int
    shelf: str = "A"


items = [
    Item("apple", 0.5, 40, tags=["red", "fresh"]),
    Item("milk", 1.19, 12, Category.DAIRY),
    Item("bread", 2.49, 5, Category.BAKERY, note="day old"),
    Item("banana", 0.25, 60),
    Item("cheese", 6.0, 3, Category.DAIRY, ["aged"]),
]
print(items[0])
print(items[2].note, items[1].total, [f.name for f in fields(Item)])
print(sorted(items)[0].name, max(items).name, sorted(items, key=lambda i: (i.category.value, -i.price))[0].name)
print(asdict(items[1]))
print(astuple(Location(3)), Location(3) == Location(3, "A"), hash(Location(1)) == hash(Location(1)))

loc = Location(7, "C")
try:
    loc.aisle = 8
except FrozenInstanceError as error:
    print("FrozenInstanceError:", error)
moved = replace(loc, shelf="D")
print(loc, moved)

try:
    Item("ghost", -1.0)
except ValueError as error:
    print("ValueError:", error)


def classify(item):
    match item:
        case Item(category=Category.DAIRY, quantity=q) if q < 5:
            return "dairy, running low"
        case Item(category=Category.DAIRY):
            return "dairy"
        case Item(name=name, tags=[first, *_]):
            return f"{name} tagged {first}"
        case Item(price=p) if p < 1:
            return "cheap"
        case _:
            return "other"


for item in items:
    print(f"{item.name:<8} {item.category.name:<7} {item.total:>7.2f}  {classify(item)}")

by_category = {}
for item in items:
    by_category.setdefault(item.category, []).append(item.name)
print({c.value: names for c, names in by_category.items()})

payload = json.dumps([{**asdict(i), "category": i.category.value} for i in items], indent=2, sort_keys=True)
print(payload.splitlines()[:8])
restored = [Item(**{k: v for k, v in row.items() if k != "sort_key"} | {"category": Category(row["category"])})
            for row in json.loads(payload)]
print(restored == items, restored[3])
totals = {c.name: sum(i.total for i in items if i.category is c) for c in Category}
print(totals, f"{sum(totals.values()):,.2f}")
