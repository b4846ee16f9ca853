"""The plain-text layout is linear in the length of a word: time per letter to lay out one long
unbroken word, over the time per letter of a short one (a ratio; about 1 is linear, a quadratic
layout grows with the length).

    python benchmarks/bench_layout.py            # 1,000 against 1,000,000 letters
    python benchmarks/bench_layout.py --long 16000000

Reported, never asserted; tests/test_layout.py guards the same by counting work.
"""

from __future__ import annotations

import argparse
import time

from livertx.render.plain import wrap


def per_letter(word: str, width: int, repeat: int) -> float:
    """The best time per letter of `repeat` layouts of `word` at `width` columns."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        wrap(f"Name: {word} and after", width)
        best = min(best, time.perf_counter() - started)
    return best / len(word)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--short", type=int, default=1_000)
    parser.add_argument("--long", type=int, default=1_000_000)
    parser.add_argument("--width", type=int, default=60)
    args = parser.parse_args()
    print(f"{'letters':<10} {'short':>10} {'long':>12}  ratio (long/short, per letter)")
    for name, letter in (("ascii", "a"), ("accented", "\u00e9"), ("wide", "\u6f22")):
        short = per_letter(letter * args.short, args.width, 200)
        long = per_letter(letter * args.long, args.width, 3)
        print(f"{name:<10} {args.short:>10,} {args.long:>12,}  {long / short:.2f}x")


if __name__ == "__main__":
    main()
