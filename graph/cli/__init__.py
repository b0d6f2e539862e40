"""The command line: ``python -m graph <command>`` (contract in DESIGN.md)."""
