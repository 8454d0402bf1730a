import logging
import sys

logger = logging.getLogger("trainer")
logger.setLevel(logging.DEBUG)
stream = logging.StreamHandler(sys.stdout)
stream.setLevel(logging.INFO)
stream.setFormatter(logging.Formatter("%(name)s - %(levelname)s - %(message)s"))
logger.addHandler(stream)
logfile = logging.FileHandler("train.log", mode="w")
logfile.setFormatter(logging.Formatter("%(levelname)-8s|%(name)s|%(message)s"))
logger.addHandler(logfile)
logger.propagate = False

logger.debug("only in the file")
logger.info("epoch %d/%d", 1, 3)
logger.warning("loss went up: %.3f -> %.3f", 0.5, 0.52)
child = logging.getLogger("trainer.eval")
child.info("accuracy %s", 0.64)
print(child.parent.name, child.getEffectiveLevel(), logging.getLevelName(logging.ERROR), logging.getLevelName(25))
logger.removeHandler(stream)
logger.error("file only")
logfile.close()
print(open("train.log").read(), end="")
quiet = logging.getLogger("quiet")
quiet.addHandler(logging.NullHandler())
quiet.propagate = False
quiet.error("nothing")
print(quiet.isEnabledFor(logging.DEBUG), logging.getLogger() is logging.root, logging.getLogger("trainer") is logger)
