# @property with setter and deleter, @staticmethod, @classmethod, class decorators.
class Temperature:
    def __init__(self, celsius=0.0):
        self._celsius = celsius

    @property
    def celsius(self):
        """The temperature in degrees Celsius."""
        return self._celsius

    @celsius.setter
    def celsius(self, value):
        if value < -273.15:
            raise ValueError(f"{value} is below absolute zero")
        self._celsius = value

    @property
    def fahrenheit(self):
        return self._celsius * 9 / 5 + 32

    @fahrenheit.setter
    def fahrenheit(self, value):
        self.celsius = (value - 32) * 5 / 9

    @celsius.deleter
    def celsius(self):
        print("resetting")
        self._celsius = 0.0

    @staticmethod
    def from_kelvin_value(k):
        return k - 273.15

    @classmethod
    def from_fahrenheit(cls, f):
        t = cls()
        t.fahrenheit = f
        return t


t = Temperature(25)
print(t.celsius, t.fahrenheit)
t.fahrenheit = 212
print(round(t.celsius, 6))
try:
    t.celsius = -300
except ValueError as e:
    print("ValueError:", e)
try:
    t.kelvin = 3
    print(t.kelvin)
except AttributeError as e:
    print("AttributeError:", e)
del t.celsius
print(t.celsius)
print(Temperature.from_kelvin_value(300.0))
print(round(Temperature.from_fahrenheit(50).celsius, 6))
print(Temperature.celsius.__doc__)


class Readonly:
    @property
    def value(self):
        return 42


r = Readonly()
try:
    r.value = 1
except AttributeError as e:
    print("AttributeError:", e)

registry = {}


def register(cls):
    registry[cls.__name__] = cls
    return cls


@register
class Alpha:
    pass


@register
class Beta(Alpha):
    pass


print(sorted(registry))
print(registry["Beta"].__bases__[0].__name__)


class Config:
    defaults = {"lr": 0.001, "epochs": 3}

    @classmethod
    def create(cls, **overrides):
        obj = cls()
        obj.values = dict(cls.defaults, **overrides)
        return obj

    def __getattr__(self, name):
        if name in self.values:
            return self.values[name]
        raise AttributeError(f"no setting {name!r}")


cfg = Config.create(lr=0.01)
print(cfg.lr, cfg.epochs)
try:
    cfg.batch
except AttributeError as e:
    print("AttributeError:", e)
