// Generated from stdlib/chat.lora by GeneratedFilesTests (LORAREPL_REGENERATE=1). Do not edit by hand.
extension StdlibSources {
    static let chatSource = ##"""
"""Chat helpers for causal LMs, written in lorarepl itself: from chat import chat, reply, tokenize_chat.

    history = []
    chat(model, tokenizer, "What is LoRA?", history, system="Answer in one sentence.")
    chat(model, tokenizer, "And QLoRA?", history)      # the model sees the first turn too

A conversation is a list of messages {"role": "system"|"user"|"assistant", "content": text}, the form
tokenizer.apply_chat_template takes.
"""
from transformers import TextStreamer


def reply(model, tokenizer, messages, max_new_tokens=128, do_sample=False, temperature=0.7, top_p=0.9,
          repetition_penalty=1.0, seed=None, stream=False):
    """The assistant's next message for a conversation, as text (the conversation is not changed).

    Greedy by default (the same answer every time); do_sample=True samples with temperature and top_p,
    reproducibly when seed is given. stream=True prints the answer while it is generated.
    """
    if len(messages) == 0:
        raise ValueError("reply() needs at least one message, e.g. [{'role': 'user', 'content': 'Hello'}]")
    prompt = tokenizer.apply_chat_template(messages, tokenize=True, add_generation_prompt=True, return_tensors="pt")
    streamer = TextStreamer(tokenizer, skip_prompt=True, skip_special_tokens=True) if stream else None
    out = model.generate(input_ids=prompt, max_new_tokens=max_new_tokens, do_sample=do_sample, temperature=temperature,
                         top_p=top_p, repetition_penalty=repetition_penalty, seed=seed, streamer=streamer)
    new_tokens = out[0].tolist()[len(prompt[0]):]
    return tokenizer.decode(new_tokens, skip_special_tokens=True).strip()


def chat(model, tokenizer, message, history=None, system=None, max_new_tokens=128, do_sample=False,
         temperature=0.7, top_p=0.9, repetition_penalty=1.0, seed=None):
    """One turn of a conversation: prints the model's answer to message while it is generated.

    Pass the same history list on every turn to keep the conversation going: chat() appends your
    message and the answer to it (read the last answer as history[-1]["content"]). system sets the
    system message of a new conversation. Returns None, so the answer is not printed twice.
    """
    if history is None:
        history = []
    if system is not None and len(history) == 0:
        history.append({"role": "system", "content": system})
    history.append({"role": "user", "content": message})
    answer = reply(model, tokenizer, history, max_new_tokens=max_new_tokens, do_sample=do_sample, temperature=temperature,
                   top_p=top_p, repetition_penalty=repetition_penalty, seed=seed, stream=True)
    history.append({"role": "assistant", "content": answer})


def tokenize_chat(tokenizer, messages, max_length=None):
    """One training conversation as input_ids, attention_mask and labels, for instruction tuning.

    labels equal input_ids on what the assistant says (its answers and their end-of-turn token) and
    -100 everywhere else, so the loss teaches the answers, not the questions. Use it with
    dataset.map(lambda row: tokenize_chat(tokenizer, row["messages"])) and DataCollatorForSeq2Seq.
    """
    enc = tokenizer.apply_chat_template(messages, tokenize=True, return_dict=True, return_assistant_tokens_mask=True,
                                        truncation=max_length is not None, max_length=max_length)
    labels = [token if keep == 1 else -100 for token, keep in zip(enc["input_ids"], enc["assistant_masks"])]
    return {"input_ids": enc["input_ids"], "attention_mask": enc["attention_mask"], "labels": labels}
"""##
}
