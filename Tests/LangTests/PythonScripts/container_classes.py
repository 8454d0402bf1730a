# Stack and queue classes with special methods and custom errors.
class EmptyError(Exception):
    def __init__(self, what):
        super().__init__(f"{what} is empty")
        self.what = what


class Stack:
    def __init__(self, items=None):
        self._items = list(items or [])

    def push(self, item):
        self._items.append(item)
        return self

    def pop(self):
        if not self:
            raise EmptyError("stack")
        return self._items.pop()

    def peek(self):
        return self._items[-1] if self._items else None

    def __len__(self):
        return len(self._items)

    def __bool__(self):
        return len(self._items) > 0

    def __iter__(self):
        return iter(reversed(self._items))

    def __repr__(self):
        return f"Stack({self._items})"

    def __eq__(self, other):
        return isinstance(other, Stack) and self._items == other._items


class Queue(Stack):
    def pop(self):
        if not self:
            raise EmptyError("queue")
        return self._items.pop(0)

    def peek(self):
        return self._items[0] if self._items else None

    def __iter__(self):
        return iter(self._items)

    def __repr__(self):
        return "Queue(" + ", ".join(map(repr, self._items)) + ")"


s = Stack().push(1).push(2).push(3)
q = Queue([1, 2, 3])
print(s, q, len(s), bool(Stack()), list(s), list(q))
print(s.pop(), q.pop(), s.peek(), q.peek())
print(s == Stack([1, 2]), s == Queue([1, 2]), s != Stack())
for container in (Stack(), Queue()):
    try:
        container.pop()
    except EmptyError as e:
        print(type(container).__name__, "->", e, "|", e.what, "|", e.args)
balanced = []
for text in ["(a[b]{c})", "(]", "((", "{[()()]}"]:
    st = Stack()
    ok = True
    for ch in text:
        if ch in "([{":
            st.push(ch)
        elif ch in ")]}":
            if not st or "([{".index(st.pop()) != ")]}".index(ch):
                ok = False
                break
    balanced.append(ok and not st)
print(balanced)
