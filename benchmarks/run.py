"""Run the whole livertx benchmark suite and print one table.

    python benchmarks/run.py            # about a minute; --runs N for more or fewer repetitions
    python benchmarks/run.py --quick    # fewer runs, for a smoke check

What it measures (medians over repeated runs after a warm-up; never asserted, only reported):
- whole commands as processes, each run in turn with the floor, `python -c "import typer"`
  in the same environment, reported as the ratio of the two medians ("ratio") and as the median
  of each run over the floor run beside it ("pairs", steadier when the machine's speed drifts);
- first calls with no cache: on the shipped catalog (empty cache) and on the 10x synthetic catalog
  (cache off) as ratios to the floor, `validate` on the 10x catalog, and a first call on the 1x,
  10x and 100x catalogs in milliseconds, to show that load time grows linearly with size;
- `validate --documents` on the source documents (the drift check) over `validate` alone, and
  with --against over the other installation's (issue 30's target: at most 2x);
- batch throughput of `livertx drug --stdin --json` on a mixed query set, in queries per second;
- the 100x catalog against the shipped one, the two run in turn;
- peak memory (max RSS) of a single query;
- with --instructions, instructions executed (valgrind's callgrind), which do not drift with load;
- in-process micro-benchmarks (benchmarks/bench_micro.py, pytest-benchmark): catalog load, stage
  resolution, drug search and full-text search;
- with --against PYTHON, the same commands run by another installation of livertx (for example
  the previous release in its own virtual environment), each run in turn with this one, reported
  as this one's median over that one's.

It byte-compiles the installed livertx first, so an editable install measured under
PYTHONDONTWRITEBYTECODE does not pay for compiling its sources on every run.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CATALOGS = HERE / "catalogs"
PY = sys.executable
# The owner's guard rails (README, docs/performance.md), each side by side with the floor: warm
# --json at most 1.5x, a table into a pipe at most 1.7x, drug --stdin at least 20,000 queries a
# second on the shipped catalog, peak memory under 50 MiB. The older 1.3x and 100x-catalog
# targets are retired: those rows are still measured, and shown without a target.
TARGETS = {
    "drug sorafenib --json": 1.5,
    "stage advanced --json": 1.5,
    "stage advanced (table to a pipe)": 1.7,
    "drug nexavar (table to a pipe)": 1.7,
}
MEMORY_TARGET_MIB = 50


def run_once(
    argv: list[str], env: dict[str, str], stdin_path: Path | None = None
) -> tuple[float, int]:
    """Wall time in seconds and peak RSS in KiB of one process."""
    stdin = stdin_path.open("rb") if stdin_path else subprocess.DEVNULL
    try:
        started = time.perf_counter()
        proc = subprocess.Popen(
            argv, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env
        )
        assert proc.stdout is not None
        for _ in iter(lambda: proc.stdout.read(65536), b""):  # drain, as a pipe reader would
            pass
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
    finally:
        if stdin_path:
            stdin.close()  # type: ignore[union-attr]
    if proc.returncode not in (0, 1):
        raise SystemExit(f"benchmark command failed ({proc.returncode}): {' '.join(argv)}")
    return elapsed, usage.ru_maxrss


def cli(*args: str, python: str = PY) -> list[str]:
    return [python, "-m", "livertx", "--as-of", "2026-11-23", *args]


FLOOR = [PY, "-c", "import typer"]


def paired(
    name: str, argv: list[str], env: dict[str, str], runs: int, warmup: int = 3
) -> dict[str, float]:
    """Median of a command and of the floor, each run in turn with the other."""
    for _ in range(warmup):
        run_once(argv, env)
        run_once(FLOOR, env)
    cmd, floor, rss = [], [], []
    for _ in range(runs):
        t, m = run_once(argv, env)
        cmd.append(t)
        rss.append(m)
        floor.append(run_once(FLOOR, env)[0])
    med, fmed = statistics.median(cmd), statistics.median(floor)
    pairs = statistics.median(
        c / f for c, f in zip(cmd, floor, strict=False)
    )  # each run over the floor run beside it
    return {
        "name": name,
        "median_ms": med * 1000,
        "floor_ms": fmed * 1000,
        "ratio": med / fmed,
        "pairs": pairs,
        "rss_mib": max(rss) / 1024,
    }  # type: ignore[dict-item]


def side_by_side(
    a: list[str], b: list[str], env: dict[str, str], runs: int, warmup: int = 3
) -> float:
    """Median of b over median of a, the two run in turn, so that drift on the machine hits both."""
    for _ in range(warmup):
        run_once(a, env)
        run_once(b, env)
    times_a, times_b = [], []
    for _ in range(runs):
        times_a.append(run_once(a, env)[0])
        times_b.append(run_once(b, env)[0])
    return statistics.median(times_b) / statistics.median(times_a)


def instructions(argv: list[str], env: dict[str, str]) -> int | None:
    """Instructions one run executes, counted by valgrind's callgrind: the same from run to run,
    whatever else the machine is doing. None when valgrind is not installed."""
    if shutil.which("valgrind") is None:
        return None
    proc = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, text=True,
    )  # fmt: skip
    counts = [
        line.rsplit(":", 1)[1].strip() for line in proc.stderr.splitlines() if "Collected :" in line
    ]
    return int(counts[-1]) if counts else None


def mixed_queries(catalog_path: Path, count: int, seed: int = 7) -> list[str]:
    """A fifth each: exact generic names, brands or aliases, misspelled names, text as pasted
    from a label or prescription ("Nexavar 200 mg", "NEXAVAR (sorafenib) tablets, for oral use",
    a catalog name beside a drug it lacks), and combinations: a regimen the catalog lists by its
    drugs' brands or generics ("Tecentriq + Avastin"), or two drugs it lists none of ("atezolizumab
    and sorafenib"), now and then with strengths."""
    import yaml

    data = yaml.safe_load(catalog_path.read_text(encoding="utf-8"))
    rng = random.Random(seed)
    generics = [d["name"] for d in data["drugs"]]
    aliases = [
        a
        for d in data["drugs"]
        for a in (*d.get("brands", []), *d.get("salt_forms", []), *d.get("short_forms", []))
    ]

    def misspell(word: str) -> str:
        i = rng.randrange(1, len(word) - 1)
        return (
            word[:i] + rng.choice("aeiou") + word[i + 1 :]
            if rng.random() < 0.5
            else word[:i] + word[i + 1 :]
        )

    def label() -> str:
        drug = rng.choice(data["drugs"])
        brand = rng.choice(drug.get("brands") or [drug["name"]])
        return rng.choice(
            (
                f"{brand} {rng.choice((200, 40, 10))} mg",
                f"{drug['name']} 400mg twice daily",
                f"{brand.upper()} ({drug['name']}) tablets, for oral use",
                f"{brand} injection, for intravenous use",
                f"{drug['name']} capecitabine tablets",
            )
        )

    by_id = {d["id"]: d for d in data["drugs"]}
    regimens = [
        [by_id[c["drug"]] for c in r["components"]]
        for r in data.get("regimens", [])
        if all(c.get("drug") in by_id for c in r["components"])
    ]

    def named(drug: dict[str, Any]) -> str:
        name = rng.choice([drug["name"], *drug.get("brands", [])])
        return name + (f" {rng.choice((200, 400, 1200))} mg" if rng.random() < 0.25 else "")

    def combination() -> str:
        drugs = rng.choice(regimens) if regimens and rng.random() < 0.5 else []
        drugs = drugs or rng.sample(data["drugs"], 2)
        return rng.choice((" + ", " and ", "/", " with ")).join(named(d) for d in drugs)

    out = []
    for i in range(count):
        pick = i % 5
        out.append(
            rng.choice(generics)
            if pick == 0
            else rng.choice(aliases)
            if pick == 1
            else misspell(rng.choice(generics))
            if pick == 2
            else label()
            if pick == 3
            else combination()
        )
    return out


def batch(name: str, catalog: Path, env: dict[str, str], count: int, runs: int) -> dict[str, float]:
    queries = Path(tempfile.mkdtemp()) / "queries.txt"
    queries.write_text("\n".join(mixed_queries(catalog, count)) + "\n", encoding="utf-8")
    argv = cli("drug", "--stdin", "--json", "--catalog", str(catalog))
    run_once(argv, env, queries)  # warm the cache
    times = [run_once(argv, env, queries)[0] for _ in range(runs)]
    med = statistics.median(times)
    return {"name": name, "queries": count, "median_s": med, "qps": count / med}


def first_call(argv: list[str], env: dict[str, str], runs: int, cache_off: bool = False) -> float:
    """Median seconds of a command run with an empty cache directory (or with the cache off)."""
    times = []
    for _ in range(runs):
        cache = tempfile.mkdtemp(prefix="livertx-cold-")
        times.append(run_once(argv, dict(env, LIVERTX_CACHE_DIR="off" if cache_off else cache))[0])
        shutil.rmtree(cache, ignore_errors=True)
    return statistics.median(times)


def floor_median(env: dict[str, str], runs: int) -> float:
    return statistics.median(run_once(FLOOR, env)[0] for _ in range(runs))


def micro() -> list[dict[str, float]]:
    out_json = Path(tempfile.mkdtemp()) / "micro.json"
    subprocess.run(
        [PY, "-m", "pytest", "-q", str(HERE / "bench_micro.py"), "-p", "no:cacheprovider", "-n", "0",
         "--benchmark-only", f"--benchmark-json={out_json}", "--benchmark-disable-gc"],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    data = json.loads(out_json.read_text())
    return [
        {"name": b["name"], "median_us": b["stats"]["median"] * 1e6} for b in data["benchmarks"]
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description="livertx benchmark suite")
    parser.add_argument(
        "--runs", type=int, default=21, help="measured runs per process benchmark (default 21)"
    )
    parser.add_argument(
        "--quick", action="store_true", help="7 runs and smaller batches, for a smoke check"
    )
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="also count instructions with valgrind (steady on a noisy machine)",
    )
    parser.add_argument(
        "--documents",
        metavar="DIR",
        default=str(HERE.parent.parent / "shared" / "seeds"),
        help="the source documents, for `validate --documents` (default: ../shared/seeds)",
    )
    parser.add_argument(
        "--against",
        metavar="PYTHON",
        help="another installation's Python to run the same commands side by side",
    )
    args = parser.parse_args()
    runs = 7 if args.quick else args.runs

    import livertx

    compileall.compile_dir(str(Path(livertx.__file__).parent), quiet=1)
    for factor in (10, 100):
        if not (CATALOGS / f"treatments-x{factor}.yaml").exists():
            subprocess.run(
                [PY, str(HERE / "make_catalogs.py"), "--factor", str(factor)],
                check=True,
                stdout=subprocess.DEVNULL,
            )
    x10, x100 = CATALOGS / "treatments-x10.yaml", CATALOGS / "treatments-x100.yaml"
    shipped = Path(livertx.__file__).parent / "data" / "treatments.yaml"
    if not shipped.exists():
        shipped = HERE.parent / "data" / "treatments.yaml"
    cache = tempfile.mkdtemp(prefix="livertx-bench-")
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("LIVERTX_CATALOG", "NO_COLOR", "FORCE_COLOR")
    }
    env.update(LIVERTX_CACHE_DIR=cache, COLUMNS="100")

    rows = [
        paired("drug sorafenib --json", cli("drug", "sorafenib", "--json"), env, runs),
        paired("stage advanced --json", cli("stage", "advanced", "--json"), env, runs),
        paired("stage advanced (table to a pipe)", cli("stage", "advanced"), env, runs),
        paired("drug nexavar (table to a pipe)", cli("drug", "nexavar"), env, runs),
        paired(
            "drug sorafenib --json, 100x catalog, warm cache",
            cli("drug", "sorafenib", "--json", "--catalog", str(x100)),
            env,
            runs,
        ),
        paired(
            "stage advanced --json, 100x catalog, warm cache",
            cli("stage", "advanced", "--json", "--catalog", str(x100)),
            env,
            runs,
        ),
        paired(
            "shell completion: drug sor<TAB>",
            [PY, "-m", "livertx", "__complete", "bash", "drug", "sor"],
            env,
            runs,
        ),
    ]
    print(
        f"livertx benchmarks - {time.strftime('%Y-%m-%d')} - Python {platform.python_version()} - {platform.machine()}, {os.cpu_count()} cores - {runs} runs each"
    )
    print()
    print(
        f"{'process (median)':<52} {'ms':>8} {'floor ms':>9} {'ratio':>6} {'pairs':>6} {'target':>7} {'MiB':>6}"
    )
    for r in rows:
        target = TARGETS.get(str(r["name"]))
        print(
            f"{r['name']:<52} {r['median_ms']:8.1f} {r['floor_ms']:9.1f} {r['ratio']:6.2f} {r['pairs']:6.2f} {('<=' + str(target)) if target else '':>7} {r['rss_mib']:6.1f}"
        )
    shipped_rows = [r for r in rows if "100x" not in str(r["name"])]
    peak = max(float(r["rss_mib"]) for r in shipped_rows)
    print(
        f"{'peak memory (max RSS), shipped catalog, MiB':<52} {'':>8} {'':>9} {'':>6} {'':>6} {'<' + str(MEMORY_TARGET_MIB):>7} {peak:6.1f}"
    )
    for label, query in (
        ("drug", ("drug", "sorafenib", "--json")),
        ("stage", ("stage", "advanced", "--json")),
    ):
        growth = side_by_side(cli(*query), cli(*query, "--catalog", str(x100)), env, runs)
        print(
            f"{f'100x warm / shipped warm, {label}, run side by side':<52} {'':>8} {'':>9} {growth:6.2f} {'':>6} {'':>7}"
        )
    cold_runs = 3 if args.quick else 9
    floor = floor_median(env, cold_runs)
    shipped_first = first_call(cli("drug", "sorafenib", "--json"), env, cold_runs)
    x10_first = first_call(
        cli("drug", "sorafenib", "--json", "--catalog", str(x10)), env, cold_runs, cache_off=True
    )
    print(
        f"{'first call, shipped catalog, empty cache':<52} {shipped_first * 1000:8.1f} {floor * 1000:9.1f} {shipped_first / floor:6.2f} {'':>6} {'':>7}"
    )
    print(
        f"{'first call, 10x catalog, cache off':<52} {x10_first * 1000:8.1f} {floor * 1000:9.1f} {x10_first / floor:6.2f} {'':>6} {'':>7}"
    )
    validate_x10 = statistics.median(
        run_once(cli("validate", str(x10)), env)[0] for _ in range(cold_runs)
    )
    print(f"{'validate, 10x catalog':<52} {validate_x10 * 1000:8.1f}")
    documents = Path(args.documents)
    if documents.is_dir():
        # the drift check: sections read and fingerprinted, against `validate` alone
        plain = cli("validate")
        drift = cli("validate", "--documents", str(documents))
        ratio = side_by_side(plain, drift, env, runs)
        print(
            f"{'validate --documents over validate, run side by side':<52} {'':>8} {'':>9} {ratio:6.2f}"
        )
    print()
    print(f"{'first call (empty cache), by catalog size':<52} {'MB':>8} {'ms':>9} {'ms/MB':>6}")
    for path in (shipped, x10, x100):
        seconds = first_call(
            cli("drug", "sorafenib", "--json", "--catalog", str(path)),
            env,
            3 if path == x100 else cold_runs,
        )
        megabytes = path.stat().st_size / 1e6
        print(
            f"{path.name:<52} {megabytes:8.2f} {seconds * 1000:9.0f} {seconds * 1000 / megabytes:6.0f}"
        )
    if args.against:
        print()
        print(f"{'this livertx over --against, run side by side':<52} {'ratio':>6}")
        for name, query in (
            ("drug sorafenib --json", ("drug", "sorafenib", "--json")),
            ("stage advanced --json", ("stage", "advanced", "--json")),
            ("stage advanced (table to a pipe)", ("stage", "advanced")),
            (
                "drug sorafenib --json, 100x catalog, warm cache",
                ("drug", "sorafenib", "--json", "--catalog", str(x100)),
            ),
            (
                "stage advanced --json, 100x catalog, warm cache",
                ("stage", "advanced", "--json", "--catalog", str(x100)),
            ),
        ):
            ratio = side_by_side(cli(*query, python=args.against), cli(*query), env, runs)
            print(f"{name:<52} {ratio:6.2f}")
        ours = first_call(cli("drug", "sorafenib", "--json"), env, cold_runs)
        theirs = first_call(cli("drug", "sorafenib", "--json", python=args.against), env, cold_runs)
        print(f"{'first call, shipped catalog, empty cache':<52} {ours / theirs:6.2f}")
        ours = statistics.median(
            run_once(cli("validate", str(x10)), env)[0] for _ in range(cold_runs)
        )
        theirs = statistics.median(
            run_once(cli("validate", str(x10), python=args.against), env)[0]
            for _ in range(cold_runs)
        )
        print(f"{'validate, 10x catalog':<52} {ours / theirs:6.2f}")
        if documents.is_dir():
            query = ("validate", "--documents", str(documents))
            ratio = side_by_side(cli(*query, python=args.against), cli(*query), env, runs)
            print(f"{'validate --documents (the drift check)':<52} {ratio:6.2f}   <=2")
    print()
    print(
        f"{'batch: drug --stdin --json, mixed queries':<52} {'queries':>8} {'seconds':>9} {'q/s':>8} {'target':>8}"
    )
    for name, catalog, count, target in (
        ("shipped catalog", shipped, 6000 if args.quick else 30000, ">=20000"),
        ("100x catalog", x100, 1500 if args.quick else 6000, ""),
    ):
        b = batch(name, catalog, env, count, 3)
        print(f"{b['name']:<52} {b['queries']:8d} {b['median_s']:9.2f} {b['qps']:8.0f} {target:>8}")
    if args.instructions:
        print()
        floor_count = instructions(FLOOR, env)
        if floor_count is None:
            print("instructions: valgrind is not installed")
        else:
            print(f"{'instructions (callgrind), one run each':<52} {'millions':>10} {'ratio':>6}")
            floor_label = 'floor: python -c "import typer"'
            print(f"{floor_label:<52} {floor_count / 1e6:10.1f} {1.0:6.2f}")
            for name, argv in (
                ("drug sorafenib --json", cli("drug", "sorafenib", "--json")),
                ("stage advanced --json", cli("stage", "advanced", "--json")),
                ("stage advanced (table to a pipe)", cli("stage", "advanced")),
                (
                    "drug sorafenib --json, 100x catalog, warm cache",
                    cli("drug", "sorafenib", "--json", "--catalog", str(x100)),
                ),
                (
                    "stage advanced --json, 100x catalog, warm cache",
                    cli("stage", "advanced", "--json", "--catalog", str(x100)),
                ),
            ):
                count = instructions(argv, env) or 0
                print(f"{name:<52} {count / 1e6:10.1f} {count / floor_count:6.2f}")
    print()
    print(f"{'in-process (pytest-benchmark median)':<52} {'us':>10}")
    for m in micro():
        print(f"{m['name']:<52} {m['median_us']:10.1f}")
    shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()
