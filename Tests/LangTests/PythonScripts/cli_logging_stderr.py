import logging
import sys

log = logging.getLogger(__name__)

def main():
    print("start")
    logging.warning("plain %s", "warning")
    logging.info("hidden")
    logging.basicConfig(level=logging.DEBUG, format="%(levelname)s %(name)s: %(message)s", force=True)
    log.info("epoch %d loss %.3f", 1, 0.25)
    log.debug("debug line")
    child = logging.getLogger("trainer.data")
    child.setLevel(logging.ERROR)
    child.warning("not shown")
    child.error("shown %s", [1, 2])
    print(log.getEffectiveLevel(), child.getEffectiveLevel(), logging.getLevelName(30), log.isEnabledFor(logging.DEBUG), log.name)
    h = logging.StreamHandler(sys.stdout)
    h.setFormatter(logging.Formatter("[%(levelname)-8s] %(message)s"))
    other = logging.getLogger("out")
    other.addHandler(h)
    other.propagate = False
    other.warning("to stdout")
    fh = logging.FileHandler("run.log", mode="w")
    fh.setFormatter(logging.Formatter("%(name)s|%(levelname)s|%(message)s"))
    other.addHandler(fh)
    other.error("both")
    fh.close()
    print(open("run.log").read(), end="")
    sys.stderr.write("via stderr\n")
    print("to stderr too", file=sys.stderr)
    print("end")

if __name__ == "__main__":
    main()
