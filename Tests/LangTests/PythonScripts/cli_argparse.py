# argv: tweets.csv --epochs 2 -v --tag pos --tag neg
# exit: 2
import argparse
import sys


def build():
    parser = argparse.ArgumentParser(description="Fine-tune a classifier with LoRA adapters on a CSV of labelled tweets.")
    parser.add_argument("data", help="CSV file with text and label columns")
    parser.add_argument("--epochs", type=int, default=3, help="passes over the data (default: %(default)s)")
    parser.add_argument("--lr", type=float, default=5e-4, help="learning rate")
    parser.add_argument("-r", "--rank", type=int, choices=[4, 8, 16], default=8)
    parser.add_argument("--verbose", "-v", action="store_true", help="print progress")
    parser.add_argument("--tag", action="append", help="labels to keep")
    parser.add_argument("--output-dir", default="out")
    return parser


def main():
    args = build().parse_args()
    print(args)
    print(args.data, args.epochs * 2, args.lr, args.rank, args.verbose, args.tag, args.output_dir)
    args = build().parse_args(["d.csv", "--epochs=5", "--lr", "1e-3", "-r16", "--output-dir", "runs/a"])
    print(args.epochs, args.lr, args.rank, args.output_dir)
    build().print_help()
    for bad in [[], ["d.csv", "--epochs", "x"], ["d.csv", "--rank", "3"], ["d.csv", "--bogus"], ["d.csv", "--lr"], ["-h"]]:
        try:
            build().parse_args(bad)
        except SystemExit as e:
            print("exit", e.code)
    build().parse_args(["a.csv", "b.csv"])
    print("not reached")


if __name__ == "__main__":
    main()
