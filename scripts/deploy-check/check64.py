# Which side of the merged-folder difference is rounding: transformers in float32 and lorarepl (float32)
# against transformers in float64 on the same folder.
import json, os, torch
from transformers import AutoModelForCausalLM
O = os.environ.get("DEPLOY_DIR", "/tmp/lorarepl-deploy-check") + "/out"
out = open(os.environ.get("DEPLOY_DIR", "/tmp/lorarepl-deploy-check") + "/deploy.out").read()
prompts = json.loads(out.split("\nPROMPTS ")[1].split("\n")[0])
m32 = AutoModelForCausalLM.from_pretrained(O + "/smollm-merged").eval()
m64 = AutoModelForCausalLM.from_pretrained(O + "/smollm-merged", dtype=torch.float64).eval()
for k, ids in enumerate(prompts):
    with torch.no_grad():
        exact = m64(torch.tensor([ids])).logits[0]
        hf = m32(torch.tensor([ids])).logits[0].double()
    ours = torch.load(O + f"/smollm-merged-logits{k}.pt").double()
    print(f"prompt {k}: max |transformers fp32 - fp64| {float((hf - exact).abs().max()):.2e}, max |lorarepl - fp64| {float((ours - exact).abs().max()):.2e}, max |lorarepl - transformers fp32| {float((ours - hf).abs().max()):.2e}")
