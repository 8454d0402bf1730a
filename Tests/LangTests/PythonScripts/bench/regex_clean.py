# Regex cleaning of tweets: URLs, mentions, hashtags, punctuation; word counts.
import re

URL = re.compile(r"https?://\S+")
MENTION = re.compile(r"@\w+")
NONWORD = re.compile(r"[^a-z0-9#<> ]+")
SPACES = re.compile(r"\s+")

templates = [
    "Loving the new #LoRA results from @hf_team!! https://hf.co/x{}",
    "Training loss went down :) see http://example.com/run/{} #nlp",
    "@someone why is my eval accuracy {}% ??? #help",
    "Fine-tuning done in {} minutes. Great job, @lead!",
]
tweets = [templates[i % 4].format(i) for i in range(20000)]
counts = {}
hashtags = 0
for tweet in tweets:
    text = URL.sub("<url>", tweet.lower())
    text = MENTION.sub("<user>", text)
    text = NONWORD.sub(" ", text)
    text = SPACES.sub(" ", text).strip()
    hashtags += len(re.findall(r"#\w+", text))
    for word in text.split(" "):
        counts[word] = counts.get(word, 0) + 1
top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:8]
print(len(counts), hashtags)
print(top)
