// Generated from stdlib/tqdm.lora by GeneratedFilesTests (LORAREPL_REGENERATE=1). Do not edit by hand.
extension StdlibSources {
    static let tqdmSource = ##"""
"""Progress bars as the tqdm package draws them, on standard error (so `> log.txt` keeps only what the
script prints): tqdm(iterable), trange(n), update, set_description, set_postfix, write, close.

    for epoch in trange(3, desc="epochs"):
        for batch in tqdm(train_dataloader, desc=f"epoch {epoch}"):
            ...
    progress = tqdm(total=num_training_steps); progress.update(1)
"""
import sys
import time

_blocks = " ▏▎▍▌▋▊▉█"


def _interval(seconds):
    minutes, s = divmod(int(seconds), 60)
    h, m = divmod(minutes, 60)
    if h:
        return f"{h:d}:{m:02d}:{s:02d}"
    return f"{m:02d}:{s:02d}"


def _number(value):
    if isinstance(value, float):
        text = f"{value:.3g}"
        return text
    return str(value)


class tqdm:
    """A progress bar over an iterable (or a count updated by hand), redrawn on standard error."""

    def __init__(self, iterable=None, desc=None, total=None, leave=True, file=None, ncols=None, mininterval=0.1,
                 maxinterval=10.0, miniters=None, ascii=None, disable=False, unit="it", unit_scale=False,
                 dynamic_ncols=False, smoothing=0.3, bar_format=None, initial=0, position=None, postfix=None,
                 unit_divisor=1000, colour=None, delay=0, **kwargs):
        if total is None and iterable is not None:
            try:
                total = len(iterable)
            except (TypeError, AttributeError, NotImplementedError):
                total = None
        self.iterable = iterable
        self.desc = desc or ""
        self.total = total
        self.leave = leave
        self.fp = file
        self.disable = disable
        self.unit = unit
        self.n = initial
        self.mininterval = mininterval
        self.postfix = ""
        self.start_t = time.time()
        self.last_print_t = self.start_t
        self._closed = False
        if postfix is not None:
            self.set_postfix(postfix, refresh=False)
        if not disable:
            self.refresh()

    def __len__(self):
        if self.total is not None:
            return self.total
        return len(self.iterable)

    def __iter__(self):
        if self.disable:
            for item in self.iterable:
                yield item
            return
        for item in self.iterable:
            yield item
            self.update(1)
        self.close()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        self.close()
        return False

    def __repr__(self):
        return self.format_meter()

    def update(self, n=1):
        """Advance the bar by n (a step of a loop written by hand)."""
        if self.disable:
            return None
        self.n += n
        now = time.time()
        if now - self.last_print_t >= self.mininterval or (self.total is not None and self.n >= self.total):
            self.last_print_t = now
            self.refresh()
        return True

    def set_description(self, desc=None, refresh=True):
        """Change the text before the bar (e.g. f"epoch {epoch}")."""
        self.desc = desc or ""
        if refresh:
            self.refresh()

    def set_description_str(self, desc=None, refresh=True):
        self.set_description(desc, refresh)

    def set_postfix(self, ordered_dict=None, refresh=True, **kwargs):
        """Values shown after the bar: set_postfix(loss=0.42) shows `loss=0.42`."""
        items = dict(ordered_dict or {})
        items.update(kwargs)
        self.postfix = ", ".join(f"{key}={_number(value) if not isinstance(value, str) else value.strip()}" for key, value in items.items())
        if refresh:
            self.refresh()

    def set_postfix_str(self, s="", refresh=True):
        self.postfix = str(s)
        if refresh:
            self.refresh()

    def format_meter(self):
        """The bar's text as tqdm formats it: `desc: 40%|████      | 4/10 [00:02<00:03, 1.98it/s, loss=0.5]`."""
        elapsed = time.time() - self.start_t
        rate = self.n / elapsed if elapsed > 0 and self.n else None
        if rate is None:
            rate_text = "?" + self.unit + "/s"
        elif rate >= 1:
            rate_text = f"{rate:.2f}{self.unit}/s"
        else:
            rate_text = f"{1 / rate:.2f}s/{self.unit}"
        postfix = ", " + self.postfix if self.postfix else ""
        prefix = self.desc + ": " if self.desc else ""
        if not self.total:
            return f"{prefix}{self.n}{self.unit} [{_interval(elapsed)}, {rate_text}{postfix}]"
        fraction = min(1.0, self.n / self.total)
        width = 10
        filled = fraction * width
        full = int(filled)
        bar = "█" * full
        if full < width:
            bar += _blocks[int((filled - full) * 8)] + " " * (width - full - 1)
        remaining = (self.total - self.n) / rate if rate else None
        left = _interval(remaining) if remaining is not None else "?"
        return f"{prefix}{fraction * 100:3.0f}%|{bar}| {self.n}/{self.total} [{_interval(elapsed)}<{left}, {rate_text}{postfix}]"

    def refresh(self):
        """Draw the bar again."""
        if self.disable:
            return
        stream = self.fp if self.fp is not None else sys.stderr
        stream.write("\r" + self.format_meter())
        stream.flush()

    def clear(self):
        stream = self.fp if self.fp is not None else sys.stderr
        stream.write("\r")

    def reset(self, total=None):
        """Start again from 0 (with a new total if given)."""
        self.n = 0
        if total is not None:
            self.total = total
        self.start_t = time.time()
        self.refresh()

    def close(self):
        """End the bar (kept on screen when leave=True)."""
        if self._closed or self.disable:
            self._closed = True
            return
        self._closed = True
        stream = self.fp if self.fp is not None else sys.stderr
        if self.leave:
            stream.write("\r" + self.format_meter() + "\n")
        else:
            stream.write("\r")
        stream.flush()

    @staticmethod
    def write(s, file=None, end="\n"):
        """Print a line without breaking the bar (to standard output, as tqdm does)."""
        print(s, end=end, file=file if file is not None else sys.stdout)


def trange(*args, **kwargs):
    """tqdm(range(*args), **kwargs)."""
    return tqdm(range(*args), **kwargs)
"""##
}
