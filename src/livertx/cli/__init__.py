"""The `livertx` command: a thin Typer layer over the library (see livertx.cli.app)."""

from __future__ import annotations

from .app import app, main

__all__ = ["app", "main"]
