# A class-based tree with recursive generators (yield from), __iter__, __len__ and __contains__.
class Node:
    def __init__(self, name, *children):
        self.name = name
        self.children = list(children)

    def add(self, child):
        self.children.append(child)
        return child

    def __iter__(self):
        yield self
        for child in self.children:
            yield from child

    def __len__(self):
        return 1 + sum(len(c) for c in self.children)

    def __contains__(self, name):
        return any(node.name == name for node in self)

    def walk(self, depth=0):
        yield depth, self.name
        for child in self.children:
            yield from child.walk(depth + 1)

    def leaves(self):
        if not self.children:
            yield self.name
        for child in self.children:
            yield from child.leaves()

    def paths(self, prefix=()):
        here = prefix + (self.name,)
        if not self.children:
            yield "/".join(here)
        for child in self.children:
            yield from child.paths(here)

    def __repr__(self):
        return f"Node({self.name!r}, {len(self.children)} children)"


root = Node("model", Node("embeddings", Node("word"), Node("position")),
            Node("encoder", Node("layer0", Node("attention"), Node("ffn")), Node("layer1")))
root.children[1].children[1].add(Node("attention"))
print(len(root), "ffn" in root, "decoder" in root)
print([n.name for n in root])
for depth, name in root.walk():
    print("  " * depth + name)
print(list(root.leaves()))
print(list(root.paths()))
print(max(root, key=lambda n: len(n.children)))
counts = {}
for node in root:
    counts[node.name] = counts.get(node.name, 0) + 1
print({k: v for k, v in counts.items() if v > 1})
