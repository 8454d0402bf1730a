import argparse
import logging
import sys
import os

logger = logging.getLogger(__name__)

def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="Fine-tune a model with LoRA")
    parser.add_argument("--model_name", type=str, default="bert-base-uncased", help="model id")
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch_size", "-b", type=int, default=16)
    parser.add_argument("--fp16", action="store_true")
    parser.add_argument("--no_eval", dest="do_eval", action="store_false")
    parser.add_argument("--target_modules", nargs="+", default=["query", "value"])
    parser.add_argument("--scheduler", choices=["linear", "cosine"], default="linear")
    parser.add_argument("--output_dir", default="./out")
    return parser.parse_args(argv)

def main():
    args = parse_args(["--lr", "1e-4", "--epochs", "2", "-b", "8", "--fp16", "--target_modules", "q", "k", "v"])
    print(args)
    print(vars(args))
    for key, value in sorted(vars(args).items()):
        print(f"  {key:15s} = {value}")
    print(args.lr * 2, type(args.epochs).__name__, args.do_eval)
    args2 = parse_args([])
    print(args2.fp16, args2.target_modules, args2.scheduler)
    ns = argparse.Namespace(a=1, b="x")
    print(ns, ns.a)
    return 0

if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s:%(name)s:%(message)s")
    main()
