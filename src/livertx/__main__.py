"""`python -m livertx` and the `livertx` console script.

The command is imported inside main(), so that Ctrl-C while it loads (its first tenth of a
second) ends it quietly with exit 130, as it does later (see livertx.cli.app.main).
"""


def main() -> None:
    try:
        from livertx.cli.app import main as run
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    run()


if __name__ == "__main__":
    main()
