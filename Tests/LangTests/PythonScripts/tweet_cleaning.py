import re
import string
from collections import Counter

TWEETS = [
    "@united Thanks for the GREAT flight!!! 😀 http://t.co/xyz123 #happy #travel",
    "RT @JetBlue: Flight 1234 delayed... AGAIN?! https://jetblue.com/status?id=9 #fail",
    "@AmericanAir  can't believe my bag is lost   :( #fail #baggage",
    "Just landed in NYC — 3 hours late. Never again #delay",
    "@SouthwestAir love the free wifi!!! #happy",
]

URL = re.compile(r"https?://\S+|www\.\S+")
MENTION = re.compile(r"@\w+")
HASHTAG = re.compile(r"#(\w+)")
REPEAT = re.compile(r"([!?.])\1+")
SPACES = re.compile(r"\s+")
NUMBER = re.compile(r"\b\d+\b")


def clean(text):
    text = URL.sub("<url>", text)
    text = MENTION.sub("@user", text)
    text = HASHTAG.sub(lambda m: m.group(1).lower(), text)
    text = REPEAT.sub(r"\1", text)
    text = NUMBER.sub("<num>", text)
    text = re.sub(r"^RT\s+", "", text)
    return SPACES.sub(" ", text).strip()


def tokens(text):
    table = str.maketrans("", "", string.punctuation.replace("<", "").replace(">", ""))
    return [t for t in text.lower().translate(table).split() if t]


def main():
    hashtags = Counter()
    words = Counter()
    for tweet in TWEETS:
        hashtags.update(tag.lower() for tag in HASHTAG.findall(tweet))
        cleaned = clean(tweet)
        words.update(tokens(cleaned))
        print(repr(cleaned))
    print(hashtags.most_common(3))
    print(words.most_common(5))
    print([m.span() for m in MENTION.finditer(TWEETS[0])], URL.search(TWEETS[1]).group())
    emoji = re.compile("[\U0001F600-\U0001F64F]")
    print(emoji.findall(TWEETS[0]), len(TWEETS[0]), re.split(r"[!?.]+\s*", "Great!!! Really? yes."))
    print(re.sub(r"(?i)\b(great|love)\b", lambda m: m.group(0).upper(), "Great flight, love it, greatly"))


if __name__ == "__main__":
    main()
