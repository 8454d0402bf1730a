# A Trainer subclass overriding create_scheduler (HF's signature), resume_from_checkpoint with the script's
# own optimizer and scheduler (optimizers=(opt, sched)), optimizers over weight-decay / per-lr param groups written
# from model.named_parameters(), and resuming with more or fewer steps than the saved run planned (transformers
# continues: the first step keeps the saved rate, then the new schedule), against transformers 5.25. Same set-up as
# trainer_ext.py: {{MINILM}} + the shared adapter fixture, dropout off, one optimizer step per epoch over all
# 16 rows, so the shuffle order of either stack does not change the numbers.
import torch
from datasets import Dataset
from transformers import AutoTokenizer, AutoModelForSequenceClassification, Trainer, TrainingArguments
from transformers import get_cosine_schedule_with_warmup, get_linear_schedule_with_warmup
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
    settings = dict(output_dir="/tmp/lorarepl-trainer-resume-" + name, num_train_epochs=4, learning_rate=5e-3,
                    per_device_train_batch_size=16, warmup_steps=1, logging_steps=1, save_strategy="no",
                    report_to="none", disable_tqdm=True, seed=7)
    settings.update(kw)
    return TrainingArguments(**settings)

def show(trainer, digits=4):
    for entry in trainer.state.log_history:
        if "loss" in entry:
            print(entry["step"], round(entry["loss"], digits), round(entry["grad_norm"], 4), round(entry["learning_rate"], 7))

print("-- create_scheduler override (cosine with 2 warmup steps)")
class CosineTrainer(Trainer):
    def create_scheduler(self, num_training_steps, optimizer=None):
        print("create_scheduler", num_training_steps, optimizer is not None)
        self.lr_scheduler = get_cosine_schedule_with_warmup(optimizer if optimizer is not None else self.optimizer,
                                                            num_warmup_steps=2, num_training_steps=num_training_steps)
        return self.lr_scheduler

trainer = CosineTrainer(model=fresh_model(), args=arguments("cosine"), train_dataset=data, processing_class=tokenizer)
trainer.train()
show(trainer)
print(type(trainer.lr_scheduler).__name__, round(trainer.lr_scheduler.get_last_lr()[0], 7))

print("-- create_scheduler calling super() with its own optimizer")
class SGDTrainer(Trainer):
    def create_optimizer(self):
        self.optimizer = torch.optim.SGD([p for p in self.model.parameters() if p.requires_grad], lr=0.2, momentum=0.9)
        return self.optimizer
    def create_scheduler(self, num_training_steps, optimizer=None):
        scheduler = super().create_scheduler(num_training_steps, optimizer)
        print("super scheduler", type(scheduler).__name__, scheduler is self.lr_scheduler)
        return scheduler

trainer = SGDTrainer(model=fresh_model(), args=arguments("sgd"), train_dataset=data, processing_class=tokenizer)
trainer.train()
show(trainer)

print("-- optimizers=(AdamW, linear): uninterrupted, saving at step 2")
def own_optimizers(model):
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=3e-3, weight_decay=0.01)
    return optimizer, get_linear_schedule_with_warmup(optimizer, num_warmup_steps=1, num_training_steps=4)

model = fresh_model()
trainer = Trainer(model=model, args=arguments("own", save_strategy="steps", save_steps=2), train_dataset=data,
                  processing_class=tokenizer, optimizers=own_optimizers(model))
trainer.train()
show(trainer)

print("-- resumed from checkpoint-2 with fresh optimizer and scheduler objects")
model = fresh_model()
optimizer, scheduler = own_optimizers(model)
trainer = Trainer(model=model, args=arguments("own", save_strategy="no"), train_dataset=data,
                  processing_class=tokenizer, optimizers=(optimizer, scheduler))
trainer.train(resume_from_checkpoint="/tmp/lorarepl-trainer-resume-own/checkpoint-2")
show(trainer)
print(scheduler.last_epoch, round(scheduler.get_last_lr()[0], 7), len(optimizer.state))

print("-- optimizers=(AdamW over decay / no-decay groups, linear)")
model = fresh_model()
no_decay = ["bias", "LayerNorm.weight"]
groups = [
    {"params": [p for n, p in model.named_parameters() if p.requires_grad and not any(nd in n for nd in no_decay)],
     "weight_decay": 0.05},
    {"params": [p for n, p in model.named_parameters() if p.requires_grad and any(nd in n for nd in no_decay)],
     "weight_decay": 0.0},
]
print("group sizes", [len(g["params"]) for g in groups])
optimizer = torch.optim.AdamW(groups, lr=4e-3)
scheduler = get_linear_schedule_with_warmup(optimizer, num_warmup_steps=1, num_training_steps=4)
trainer = Trainer(model=model, args=arguments("grouped"), train_dataset=data, processing_class=tokenizer,
                  optimizers=(optimizer, scheduler))
trainer.train()
show(trainer, 3)   # step 3's loss sits on a 4-decimal rounding boundary (1.07125 to float32 summation order)
print([round(g["lr"], 7) for g in optimizer.param_groups], [g["weight_decay"] for g in optimizer.param_groups])

print("-- per-group learning rates: the head at 10x")
model = fresh_model()
head = [p for n, p in model.named_parameters() if p.requires_grad and "classifier" in n]
lora = [p for n, p in model.named_parameters() if p.requires_grad and "classifier" not in n]
optimizer = torch.optim.AdamW([{"params": lora}, {"params": head, "lr": 2e-2}], lr=2e-3, weight_decay=0.0)
scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: 1.0 / (1 + step))
trainer = Trainer(model=model, args=arguments("head"), train_dataset=data, processing_class=tokenizer,
                  optimizers=(optimizer, scheduler))
trainer.train()
show(trainer)
print([round(lr, 7) for lr in scheduler.get_last_lr()])

print("-- built-in AdamW: 4 epochs saving at step 2, resumed with num_train_epochs=6")
trainer = Trainer(model=fresh_model(), args=arguments("longer", save_strategy="steps", save_steps=2), train_dataset=data,
                  processing_class=tokenizer)
trainer.train()
trainer = Trainer(model=fresh_model(), args=arguments("longer", num_train_epochs=6), train_dataset=data,
                  processing_class=tokenizer)
out = trainer.train(resume_from_checkpoint="/tmp/lorarepl-trainer-resume-longer/checkpoint-2")
show(trainer)
print(out.global_step, trainer.state.max_steps)

print("-- resumed from checkpoint-2 with max_steps=3 (shorter)")
trainer = Trainer(model=fresh_model(), args=arguments("longer", max_steps=3), train_dataset=data, processing_class=tokenizer)
out = trainer.train(resume_from_checkpoint="/tmp/lorarepl-trainer-resume-longer/checkpoint-2")
show(trainer)
print(out.global_step, trainer.state.max_steps)
