# Records Tests/ModelsTests/Fixtures/half-precision/ once (tests never run Python): what transformers 5.25 writes
# for the shared tiny BERT after model.half() (float16/) and after from_pretrained(dtype=torch.bfloat16)
# (bfloat16/): config.json with "dtype" and model.safetensors in F16/BF16.
#   /work/refvenv/bin/python scripts/record-half-precision.py
import os
import torch
from transformers import AutoModelForSequenceClassification

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
base = os.path.join(root, "..", "shared", "fixtures", "tiny-bert", "tiny-bert-base")
out = os.path.join(root, "Tests", "ModelsTests", "Fixtures", "half-precision")
model = AutoModelForSequenceClassification.from_pretrained(base)
model.half()
model.save_pretrained(os.path.join(out, "float16"))
model = AutoModelForSequenceClassification.from_pretrained(base, dtype=torch.bfloat16)
model.save_pretrained(os.path.join(out, "bfloat16"))
