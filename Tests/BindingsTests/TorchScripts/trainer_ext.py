# Trainer extensions against transformers 5.25: gradient accumulation (what it applies and logs), the callback
# hook order with accumulation, Trainer subclasses overriding training_step / log / evaluate /
# create_optimizer, and Trainer(optimizers=(opt, sched)) with torch.optim. {{MINILM}} and {{ADAPTER}} are the
# demo model and the shared adapter fixture (lora_dropout 0); the base model's dropout is turned off so both
# stacks compute the same thing, and every epoch is one optimizer step over all 16 rows (equal-size
# micro-batches), so the shuffle order of either stack does not change the numbers.
import torch
from datasets import Dataset
from transformers import AutoTokenizer, AutoModelForSequenceClassification, Trainer, TrainingArguments, TrainerCallback
from transformers import get_linear_schedule_with_warmup
from peft import PeftModel

texts = ["I love this airline, great crew", "the flight was delayed again", "worst service ever",
         "seats were fine I guess", "thanks for the upgrade!", "lost my bag, furious", "on time and smooth",
         "meh, average trip", "the pilot was amazing", "never flying with you again", "ok flight", "so happy today",
         "food was cold and bad", "friendly staff at the gate", "it was a flight", "terrible wifi on board"]
labels = [2, 0, 0, 1, 2, 0, 2, 1, 2, 0, 1, 2, 0, 2, 1, 0]
tokenizer = AutoTokenizer.from_pretrained("{{MINILM}}")
data = Dataset.from_dict({"text": texts, "label": labels})
data = data.map(lambda b: tokenizer(b["text"], truncation=True, max_length=32), batched=True)

def fresh_model():
    base = AutoModelForSequenceClassification.from_pretrained("{{MINILM}}", num_labels=3, hidden_dropout_prob=0.0,
                                                              attention_probs_dropout_prob=0.0)
    return PeftModel.from_pretrained(base, "{{ADAPTER}}", is_trainable=True)

def arguments(name, **kw):
    settings = dict(output_dir="/tmp/lorarepl-trainer-ext-" + name, num_train_epochs=3, learning_rate=5e-3,
                    warmup_steps=1, logging_steps=1, save_strategy="no", report_to="none", disable_tqdm=True, seed=7)
    settings.update(kw)
    return TrainingArguments(**settings)

def show(trainer):
    for entry in trainer.state.log_history:
        if "loss" in entry:
            print(entry["step"], round(entry["loss"], 4), round(entry["grad_norm"], 4), round(entry["learning_rate"], 7))
        elif "eval_loss" in entry:
            print("eval", entry["step"], round(entry["eval_loss"], 4))
        elif "train_loss" in entry:
            print("train_loss", round(entry["train_loss"], 4))

print("-- one batch of 16 per step")
trainer = Trainer(model=fresh_model(), args=arguments("ga1", per_device_train_batch_size=16), train_dataset=data,
                  processing_class=tokenizer)
trainer.train()
show(trainer)

print("-- two batches of 8 per step (gradient_accumulation_steps=2)")
model = fresh_model()
trainer = Trainer(model=model, args=arguments("ga2", per_device_train_batch_size=8, gradient_accumulation_steps=2),
                  train_dataset=data, processing_class=tokenizer)
trainer.train()
show(trainer)
print(round(trainer.evaluate(data)["eval_loss"], 4))

print("-- hook order")
class Recorder(TrainerCallback):
    def __init__(self):
        self.events = []
    def note(self, name, state):
        self.events.append(name + ":" + str(state.global_step))
    def on_init_end(self, args, state, control, **kwargs): self.note("init_end", state)
    def on_train_begin(self, args, state, control, **kwargs): self.note("train_begin", state)
    def on_epoch_begin(self, args, state, control, **kwargs): self.note("epoch_begin", state)
    def on_step_begin(self, args, state, control, **kwargs): self.note("step_begin", state)
    def on_substep_end(self, args, state, control, **kwargs): self.note("substep_end", state)
    def on_pre_optimizer_step(self, args, state, control, **kwargs): self.note("pre_optimizer_step", state)
    def on_optimizer_step(self, args, state, control, **kwargs): self.note("optimizer_step", state)
    def on_step_end(self, args, state, control, **kwargs): self.note("step_end", state)
    def on_log(self, args, state, control, logs=None, **kwargs): self.note("log", state)
    def on_prediction_step(self, args, state, control, **kwargs): self.note("prediction_step", state)
    def on_evaluate(self, args, state, control, metrics=None, **kwargs): self.note("evaluate", state)
    def on_save(self, args, state, control, **kwargs): self.note("save", state)
    def on_epoch_end(self, args, state, control, **kwargs): self.note("epoch_end", state)
    def on_train_end(self, args, state, control, **kwargs): self.note("train_end", state)

recorder = Recorder()
trainer = Trainer(model=fresh_model(), args=arguments("hooks", num_train_epochs=2, per_device_train_batch_size=8,
                                                      per_device_eval_batch_size=8, gradient_accumulation_steps=2,
                                                      eval_strategy="epoch"),
                  train_dataset=data, eval_dataset=data, processing_class=tokenizer, callbacks=[recorder])
trainer.train()
print(" ".join(recorder.events))

print("-- subclass overriding training_step, log, evaluate, create_optimizer")
micro_steps = []
class CustomTrainer(Trainer):
    def create_optimizer(self, model=None):
        if self.optimizer is None:
            self.optimizer = torch.optim.SGD(self.model.parameters(), lr=0.2, momentum=0.9)
        return self.optimizer
    def training_step(self, model, inputs, num_items_in_batch=None):
        loss = super().training_step(model, inputs, num_items_in_batch)
        micro_steps.append((len(inputs["input_ids"]), int(num_items_in_batch), loss.item()))
        if len(micro_steps) % 2 == 0:   # the micro-batches' rows depend on the shuffle; their sum does not
            print("training_step", micro_steps[-2][:2], micro_steps[-1][:2], round(micro_steps[-2][2] + micro_steps[-1][2], 4))
        return loss
    def log(self, logs, start_time=None):
        logs["tag"] = 1
        super().log(logs, start_time)
    def evaluate(self, eval_dataset=None, ignore_keys=None, metric_key_prefix="eval"):
        metrics = super().evaluate(eval_dataset=eval_dataset, ignore_keys=ignore_keys, metric_key_prefix=metric_key_prefix)
        print("evaluate", round(metrics["eval_loss"], 4), metrics["tag"])
        return metrics

trainer = CustomTrainer(model=fresh_model(), args=arguments("custom", num_train_epochs=2, per_device_train_batch_size=8,
                                                            gradient_accumulation_steps=2, eval_strategy="epoch"),
                        train_dataset=data, eval_dataset=data, processing_class=tokenizer)
trainer.train()
show(trainer)
print(trainer.optimizer.param_groups[0]["momentum"], [entry.get("tag") for entry in trainer.state.log_history])

print("-- a step that scales its own loss (loss_is_scaled_for_ga = False)")
class MeanTrainer(Trainer):
    loss_is_scaled_for_ga = False

trainer = MeanTrainer(model=fresh_model(), args=arguments("mean", per_device_train_batch_size=8, gradient_accumulation_steps=2),
                      train_dataset=data, processing_class=tokenizer)
trainer.train()
show(trainer)

print("-- optimizers=(AdamW, linear warmup)")
model = fresh_model()
optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=2e-3, weight_decay=0.0)
scheduler = get_linear_schedule_with_warmup(optimizer, num_warmup_steps=1, num_training_steps=3)
trainer = Trainer(model=model, args=arguments("opts", per_device_train_batch_size=16), train_dataset=data,
                  processing_class=tokenizer, optimizers=(optimizer, scheduler))
trainer.train()
show(trainer)
print(round(scheduler.get_last_lr()[0], 7), optimizer.param_groups[0]["lr"] == scheduler.get_last_lr()[0])

print("-- optimizers=(SGD, None): the Trainer adds its linear schedule")
model = fresh_model()
optimizer = torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=0.1)
trainer = Trainer(model=model, args=arguments("sgd", per_device_train_batch_size=16), train_dataset=data,
                  processing_class=tokenizer, optimizers=(optimizer, None))
trainer.train()
show(trainer)
