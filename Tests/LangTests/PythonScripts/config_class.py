# A configuration class like transformers' configs: defaults, validation, to_dict/from_dict, equality.
import json


class ConfigError(ValueError):
    pass


class LoraSettings:
    defaults = {"r": 8, "lora_alpha": 16, "lora_dropout": 0.05, "target_modules": ["query", "value"]}

    def __init__(self, **kwargs):
        unknown = sorted(set(kwargs) - set(self.defaults))
        if unknown:
            raise ConfigError(f"unknown settings: {', '.join(unknown)}")
        for key, value in self.defaults.items():
            setattr(self, key, kwargs.get(key, list(value) if isinstance(value, list) else value))

    @property
    def r(self):
        return self._r

    @r.setter
    def r(self, value):
        if not isinstance(value, int) or value <= 0:
            raise ConfigError(f"r must be a positive int, got {value!r}")
        self._r = value

    @property
    def scaling(self):
        return self.lora_alpha / self.r

    def to_dict(self):
        return {key: getattr(self, key) for key in self.defaults}

    @classmethod
    def from_dict(cls, data):
        return cls(**data)

    def to_json(self):
        return json.dumps(self.to_dict(), sort_keys=True)

    def __eq__(self, other):
        return type(other) is type(self) and self.to_dict() == other.to_dict()

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.to_dict().items())
        return f"{type(self).__name__}({args})"


cfg = LoraSettings(r=16)
print(cfg)
print(cfg.scaling, cfg.to_json())
copy = LoraSettings.from_dict(json.loads(cfg.to_json()))
print(copy == cfg, copy is cfg, copy == LoraSettings())
copy.target_modules.append("key")
print(cfg.target_modules, copy.target_modules)
for bad in [{"r": 0}, {"rank": 4}, {"r": "8"}]:
    try:
        LoraSettings(**bad)
    except ConfigError as e:
        print(type(e).__name__, e, isinstance(e, ValueError))
try:
    cfg.r = -2
except ValueError as e:
    print("still", cfg.r, "-", e)
