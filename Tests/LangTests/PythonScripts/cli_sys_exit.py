# argv: --dry-run
# exit: 1
import sys


def main(argv):
    print("arguments:", argv[1:], len(argv))
    sys.stdout.write("checking inputs\n")
    sys.stderr.write("warning: no GPU, using the CPU\n")
    print("to stderr with print", file=sys.stderr)
    try:
        sys.exit(0)
    except SystemExit as e:
        print("caught exit", e.code)
    if "--dry-run" in argv:
        sys.exit("dry run: nothing was trained")
    print("not reached")


if __name__ == "__main__":
    main(sys.argv)
