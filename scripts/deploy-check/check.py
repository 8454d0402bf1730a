# Reads what deploy.lora and kept.lora wrote (scripts/deploy-check/run.sh): transformers (merged folders, the Q8_0 GGUF dequantized) and llama.cpp.
import json, sys, os
out = open(os.environ.get("DEPLOY_DIR", "/tmp/lorarepl-deploy-check") + "/deploy.out").read()
def section(tag, text=out):
    text = "\n" + text
    return json.loads(text.split("\n" + tag + " ")[1].split("\n")[0]) if ("\n" + tag + " ") in text else None
prompts = section("PROMPTS")
D = os.environ.get("DEPLOY_DIR", "/tmp/lorarepl-deploy-check")
O = D + "/out"
mode = sys.argv[1]
if mode == "hf":
    import torch, transformers
    from transformers import AutoModelForSequenceClassification, AutoTokenizer, AutoModelForCausalLM
    m = AutoModelForSequenceClassification.from_pretrained(O + "/minilm"); t = AutoTokenizer.from_pretrained(O + "/minilm"); m.eval()
    enc = t(["I love this airline, great crew", "the flight was delayed again and again, worst trip"], padding=True, return_tensors="pt")
    with torch.no_grad():
        theirs = m(**enc).logits
    ours = torch.tensor(section("MINILM"))
    print("transformers", transformers.__version__, "torch", torch.__version__)
    print("minilm:", type(m).__name__, m.config.id2label, "max |diff|", float((ours - theirs).abs().max()), "max |logit|", float(theirs.abs().max()))
    lm = AutoModelForCausalLM.from_pretrained(O + "/smollm-merged"); lt = AutoTokenizer.from_pretrained(O + "/smollm-merged"); lm.eval()
    print("smollm merged:", type(lm).__name__, "tied", lm.config.tie_word_embeddings, "eos", lm.generation_config.eos_token_id)
    for k, ids in enumerate(prompts):
        msg = [[{"role": "user", "content": "What is the capital of France?"}], [{"role": "user", "content": "Tell me a short story about a cat."}], [{"role": "user", "content": "Give me three tips for staying healthy."}]][k]
        same_ids = lt.apply_chat_template(msg, tokenize=True, add_generation_prompt=True)
        same_ids = same_ids["input_ids"] if isinstance(same_ids, dict) or hasattr(same_ids, "keys") else same_ids
        with torch.no_grad():
            theirs = lm(torch.tensor([ids])).logits[0]
        if os.path.exists(O + f"/smollm-merged-logits{k}.pt"):
            ours = torch.load(O + f"/smollm-merged-logits{k}.pt")
        else:
            ours, theirs = torch.tensor(section(f"MERGED_LAST{k}")), theirs[-1]
        d = (ours - theirs).abs()
        print(f"  prompt {k}: {len(ids)} tokens, tokenizer ids equal {list(same_ids) == ids}, max |diff| {float(d.max()):.2e}, max |logit| {float(theirs.abs().max()):.1f}, argmax equal at every position {bool((ours.argmax(-1) == theirs.argmax(-1)).all())}")
    # The Q8_0 file dequantized by transformers' GGUF reader, in fp32: the exact arithmetic on the stored weights.
    q = AutoModelForCausalLM.from_pretrained(O, gguf_file="smollm-q8_0.gguf"); q.eval()
    tops = []
    for ids in prompts:
        with torch.no_grad():
            logits = q(torch.tensor([ids])).logits[0, -1]
        v, i = torch.topk(logits, 3)
        tops.append([[int(a), round(float(b), 3)] for a, b in zip(i, v)])
    print("transformers fp32 on the Q8_0 file, top 3 after each prompt:", tops)
else:
    import llama_cpp, numpy as np
    from llama_cpp import Llama
    home = os.path.expanduser("~/.cache/lorarepl")
    base = home + "/models/HuggingFaceTB/SmolLM2-135M-Instruct/SmolLM2-135M-Instruct.Q4_1.gguf"
    print("llama-cpp-python", llama_cpp.__version__)
    def run(path, lora=None, **extra):
        kwargs = dict(model_path=path, n_ctx=512, verbose=False, seed=0, n_threads=1, logits_all=True)
        kwargs.update(extra)
        if lora: kwargs["lora_path"] = lora
        llm = Llama(**kwargs)
        rows, tops = [], []
        for p in prompts:
            llm.reset()
            llm.eval(p)
            logits = np.array(llm.scores[llm.n_tokens - 1])
            top = np.argsort(logits)[-3:][::-1]
            tops.append([[int(t), round(float(logits[t]), 3)] for t in top])
            llm.reset()
            toks = []
            for t in llm.generate(p, top_k=1, top_p=1.0, temp=0.0, repeat_penalty=1.0):
                if t == llm.token_eos() or len(toks) >= 40:
                    break
                toks.append(t)
            rows.append(toks)
        return rows, tops
    def compare(name, ours, theirs):
        if ours is None: return
        cells = []
        for o, t in zip(ours, theirs):
            o = [x for x in o if x != 2][:40]
            same = 0
            while same < min(len(o), len(t)) and o[same] == t[same]: same += 1
            cells.append(f"{same}/{max(len(o), len(t))}")
        print(f"{name}: greedy tokens equal {', '.join(cells)}")
    for q in ["f16", "q8_0"]:
        rows, tops = run(O + "/smollm-" + q + ".gguf")
        compare(f"{q} (llama.cpp default f16 KV cache) vs lorarepl fp32", section("GGUF_" + q), rows)
        print(f"  llama.cpp top 3 after each prompt: {tops}")
        print(f"  lorarepl  top 3 after each prompt: {section('TOP_' + q)}")
        if q == "q8_0":
            compare("q8_0 vs lorarepl keep_quantized (integer kernels after the prompt)", section("GGUF_q8_0_kept"), rows)
            kept = open(D + "/kept.out").read() if os.path.exists(D + "/kept.out") else "\n"
            compare("q8_0 vs lorarepl keep_quantized, prompt too through integer kernels (LORAREPL_DECODER_GEMM_ROWS=100)", section("KEPT_ALL", kept), rows)
            print(f"  lorarepl integer kernels top 3 after each prompt: {section('KEPT_TOP_ALL', kept)}")
            rows32, tops32 = run(O + "/smollm-q8_0.gguf", type_k=0, type_v=0)
            compare("q8_0 with an f32 KV cache (type_k=type_v=F32) vs lorarepl fp32", section("GGUF_q8_0"), rows32)
            print(f"  llama.cpp f32 KV top 3: {tops32}")
    rows, tops = run(base, O + "/smollm-adapter.gguf")
    compare("adapter on the Q4_1 base vs lorarepl PeftModel", section("ADAPTER"), rows)
    print(f"  llama.cpp top 3: {tops}\n  lorarepl  top 3: {section('ADAPTER_TOP')}")
    rows0, _ = run(base)
    compare("base without the adapter vs lorarepl PeftModel", section("ADAPTER"), rows0)
