"""What the commands share: the program's name, the usage error, JSON output, the editor."""

from __future__ import annotations

import argparse
import getpass
import json
import math
from typing import Any

__all__ = ["PROG", "UsageError", "print_json", "who"]

PROG = "python -m graph"


class UsageError(Exception):
    """The command line itself is wrong."""


def _json_default(value: Any) -> Any:
    if isinstance(value, float) and math.isinf(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return str(value)


def print_json(document: dict) -> None:
    """Print ``document`` as indented JSON (infinite numbers as null)."""
    text = json.dumps(document, ensure_ascii=False, indent=2, default=_json_default)
    print(text.replace("Infinity", "null"))


def who(args: argparse.Namespace) -> str:
    """The editor's name for the change log: ``--who``, else ``cli:<login name>``."""
    if args.who:
        return args.who
    try:
        return f"cli:{getpass.getuser()}"
    except (OSError, KeyError):
        return "cli"
