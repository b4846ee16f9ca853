"""`python -m livertx` and the `livertx` console script.

The command is imported inside main(), so that Ctrl-C while it loads (its first tenth of a
second) ends it quietly with exit 130, as it does later (see livertx.cli.app.main).
"""


def main() -> None:
    import gc

    # A command is a short process that makes few reference cycles; the collector's default
    # (a pass every 700 allocations) ran through every module and record as they were imported.
    # A larger first threshold lets it run far less often, not never: about 4% of the
    # instructions of a warm `stage advanced --json` (callgrind, 476 to 457 million).
    gc.set_threshold(50_000, 20, 20)
    try:
        from livertx.cli.app import main as run
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    run()


if __name__ == "__main__":
    main()
