"""The command line: ``python -m graph <command>`` (contract in DESIGN.md).

This module holds the parser and the dispatch; the commands live by group in
:mod:`graph.cli.store_commands` (init, backup, restore, undo, hash-password),
:mod:`graph.cli.data` (import, export, add-city) and :mod:`graph.cli.analysis` (stats,
city, opportunities, suggest); ``render`` draws figures.

``--json`` prints one JSON document on stdout. A mistake (unknown city, bad option,
unreachable database) prints one line on stderr that says what to do, and the exit
code is not zero: 2 for a wrong command line or a refused backup (nothing changed), 1 for
everything else.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Callable, Sequence

from graph.cli import analysis, data, store_commands
from graph.cli.common import PROG, UsageError
from graph.model import SCOPES
from graph.names import AmbiguousCity, CityNotFound
from graph.settings import default
from graph.store.backup import BackupError
from graph.store.changes import EditorRequired
from graph.store.engine import Store, StoreError, default_url, masked_url, open_store

__all__ = ["main"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, no usage dump
        raise UsageError(f"{message} (see '{PROG} --help')")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="City Diplomacy Explorer command line.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument(
            "--db", metavar="URL", help=f"database URL (default: {masked_url(default_url())})"
        )
        return sub

    _analysis_commands(command)
    _render_command(command)
    _data_commands(command)
    return parser


def _analysis_commands(command: Callable[[str, str], argparse.ArgumentParser]) -> None:
    """init (the store), then the analyses: stats, city, opportunities and suggest."""
    init = command("init", "create and seed the store (safe to run again)")
    init.add_argument("--reset", action="store_true", help="delete everything and seed anew")
    init.add_argument("--json", action="store_true", help="print one JSON document")

    stats = command("stats", "network statistics of a scope")
    stats.add_argument("--scope", choices=SCOPES, default="iran")
    stats.add_argument("--half-life", type=_positive, default=default("half_life_years"))
    stats.add_argument("--json", action="store_true", help="print one JSON document")

    city = command("city", "the card of one city: partners, ties, weights, metrics")
    city.add_argument("name", help="English or Persian name; add ', CC' to pick a country")
    city.add_argument("--scope", choices=SCOPES, default=None)
    city.add_argument("--half-life", type=_positive, default=default("half_life_years"))
    city.add_argument("--json", action="store_true", help="print one JSON document")

    opportunities = command(
        "opportunities", "dormant and underused ties, with expected vs actual activity"
    )
    opportunities.add_argument("--top", type=_count, default=default("top_n"), metavar="N")
    opportunities.add_argument(
        "--dormant-years", type=_positive, default=default("dormant_years"), metavar="YEARS"
    )
    opportunities.add_argument(
        "--measure",
        choices=("intensity", "decayed"),
        default="intensity",
        help="activity = summed intensities (default) or their decayed weight",
    )
    opportunities.add_argument("--lang", choices=("fa", "en"), default="en")
    opportunities.add_argument("--json", action="store_true", help="print one JSON document")

    suggest = command("suggest", "suggested new partners for a city, with reasons")
    suggest.add_argument("name", help="English or Persian name; add ', CC' to pick a country")
    suggest.add_argument("--top", type=_count, default=default("top_n"), metavar="N")
    suggest.add_argument("--lang", choices=("fa", "en"), default="en")
    suggest.add_argument("--json", action="store_true", help="print one JSON document")
    _precompute_command(command)


def _precompute_command(command: Callable[[str, str], argparse.ArgumentParser]) -> None:
    precompute = command(
        "precompute", "compute and keep what the slow pages show first, for this store content"
    )
    precompute.add_argument(
        "--results-dir", metavar="DIR", help="where to keep them (default: var/results)"
    )
    precompute.add_argument("--json", action="store_true", help="print one JSON document")


def _render_command(command: Callable[[str, str], argparse.ArgumentParser]) -> None:
    """render map|network|deck|timeline and their options."""
    render = command("render", "draw the map or the network view to a file (offline)")
    render.add_argument("what", choices=("map", "network", "deck", "timeline"), help="which figure")
    render.add_argument("--out", required=True, metavar="FILE", help="FILE.html, .png or .pdf")
    render.add_argument("--scope", choices=SCOPES, default="iran")
    render.add_argument("--city", default=None, help="centre on this city (English or Persian)")
    render.add_argument("--lang", choices=("fa", "en"), default="fa")
    render.add_argument("--half-life", type=_positive, default=default("half_life_years"))
    # --- render map options (map page owns this block) ---
    # the map also reads --kinds and --aggregate-countries from the network block below
    render.add_argument("--relations", metavar="R,R", help="sister,cooperation,friendship,partner")
    render.add_argument("--statuses", metavar="S,S", help="signed,proposed,disputed,...")
    render.add_argument("--evidence", metavar="E,E", help="official,news,wikipedia,wikidata,user")
    render.add_argument("--no-unverified", action="store_true", help="hide Wikidata-only ties")
    render.add_argument("--one-sided", action="store_true", help="show one-sided Wikidata claims")
    render.add_argument("--year-from", type=int, default=None, help="signed in or after YEAR")
    render.add_argument("--year-to", type=int, default=None, help="signed in or before YEAR")
    render.add_argument("--no-undated", action="store_true", help="hide ties with no year")
    render.add_argument("--iran-cities", metavar="NAME,NAME", help="only ties of these cities")
    render.add_argument("--min-weight", type=float, default=0.0, help="minimum tie weight")
    render.add_argument(
        "--projection", choices=("natural_earth", "orthographic"), default="natural_earth"
    )
    render.add_argument(
        "--region",
        choices=("world", "middle_east", "europe", "east_asia", "africa", "americas"),
        default="world",
    )
    render.add_argument(
        "--webgl",
        action="store_true",
        help="with an .html --out: the WebGL map (deck.gl inlined), as the Map page shows it",
    )
    # --- end render map options ---
    # --- render network options (network view owns this block) ---
    # choices spelled out so that parsing does not import the drawing code;
    # tests/graph/views/test_network.py checks they match graph.views.network
    render.add_argument("--hops", type=int, choices=(1, 2, 3), default=1, help="network depth")
    render.add_argument(
        "--metric",
        choices=("partners", "strength", "betweenness", "eigenvector"),
        default="partners",
        help="what node size shows",
    )
    render.add_argument(
        "--color-by", choices=("community", "region", "iranian"), default="community"
    )
    render.add_argument("--layout", choices=("force", "geo"), default="force")
    render.add_argument(
        "--kinds", default="technical,cultural,transit", help="kinds of exchange, comma-separated"
    )
    render.add_argument("--top", type=int, default=300, help="keep at most this many cities")
    render.add_argument(
        "--aggregate-countries",
        action="store_true",
        help="the whole network summed by country (the default for --scope world, no --city)",
    )
    # --- end render network options ---
    # --- presenter options ---
    render.add_argument(
        "--view", metavar="NAME", default=None, help="draw this saved view (its page and settings)"
    )
    # --- end presenter options ---


def _data_commands(command: Callable[[str, str], argparse.ArgumentParser]) -> None:
    """import, export, backup, restore, undo, add-city and hash-password."""
    imp = command("import", "validate then import a CSV/TSV/XLSX/JSON file of ties or exchanges")
    imp.add_argument(
        "file", metavar="FILE", help="CSV, TSV, XLSX or JSON; see the templates on the Data page"
    )
    imp.add_argument("--dry-run", action="store_true", help="validate only; store nothing")
    imp.add_argument("--json", action="store_true", help="print one JSON document")
    imp.add_argument("--who", default=None, help="the editor's name for the change log")
    imp.add_argument("--lang", choices=("fa", "en"), default="en", help="language of messages")
    data.add_mapping_arguments(imp)
    exp = command("export", "write the data of a scope to a file")
    exp.add_argument(
        "--format",
        required=True,
        choices=("csv", "xlsx", "geojson", "graphml", "gpkg", "gexf"),
        help="gpkg: GeoPackage for QGIS (cities, ties, countries); gexf: GEXF 1.3 for Gephi",
    )
    exp.add_argument("out", metavar="OUT", help="the file to write")
    exp.add_argument("--scope", choices=SCOPES, default="iran")
    exp.add_argument(
        "--table",
        choices=("ties", "exchanges", "cities"),
        default="ties",
        help="which table a CSV holds (XLSX holds all three)",
    )
    exp.add_argument(
        "--lang", choices=("fa", "en"), default="fa", help="language of the GEXF's node labels"
    )
    chk = command("check-data", "report cities whose coordinates are not in their country")
    chk.add_argument("--json", action="store_true", help="print one JSON document")
    bak = command("backup", "copy every table of the store to a JSON file (.gz compresses)")
    bak.add_argument("out", metavar="OUT")
    res = command("restore", "replace the store's content with a backup")
    res.add_argument("file", metavar="IN")
    res.add_argument("--who", default=None, help="the editor's name for the change log")
    und = command("undo", "undo one batch of the change log (an import or an edit)")
    und.add_argument("batch", type=int, metavar="BATCH_ID")
    und.add_argument("--who", default=None, help="the editor's name for the change log")
    add = command("add-city", "add a city found in the offline GeoNames gazetteer")
    add.add_argument("name", help="the place's name in any language (Kazan, قازان, Казань)")
    add.add_argument("--country", default=None, help="ISO code, when the name is ambiguous")
    add.add_argument("--fa", default=None, help="its Persian name, as you confirm it")
    add.add_argument("--dry-run", action="store_true", help="show the place; store nothing")
    add.add_argument("--json", action="store_true", help="print one JSON document")
    add.add_argument("--who", default=None, help="the editor's name for the change log")
    hpw = command("hash-password", "make a DIPLOMACY_EDITORS entry (name:salt:hash) for an editor")
    hpw.add_argument("name", help="the editor's name")


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not value > 0 or math.isinf(value):
        raise argparse.ArgumentTypeError(f"{text!r} must be a positive number of years")
    return value


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be 1 or more")
    return value


def _cmd_render(args, store: Store) -> int:
    if args.what == "deck":
        from graph.cli.render import render_deck_command

        return render_deck_command(args, store)
    if getattr(args, "view", None):
        from graph.cli.render import render_view_command

        return render_view_command(args, store)
    if args.what == "timeline":
        from graph.cli.render import render_timeline_command

        return render_timeline_command(args, store)
    if args.what == "map":
        from graph.cli.render import render_map_command

        return render_map_command(args, store)
    from graph.cli.render import render_network_command

    return render_network_command(args, store)


# commands that open the store themselves (init) or never touch it (hash-password)
WITHOUT_STORE = {
    "init": store_commands.run_init,
    "hash-password": store_commands.run_hash_password,
}
HANDLERS = {
    "stats": analysis.run_stats,
    "city": analysis.run_city,
    "render": _cmd_render,
    "opportunities": analysis.run_opportunities,
    "suggest": analysis.run_suggest,
    "precompute": analysis.run_precompute,
    # --- more handlers: one line per command ---
    "import": data.run_import,
    "export": data.run_export,
    "check-data": data.run_check_data,
    "backup": store_commands.run_backup,
    "restore": store_commands.run_restore,
    "undo": store_commands.run_undo,
    "add-city": data.run_add_city,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the process exit code."""
    try:
        args = _parser().parse_args(argv)
        if args.command in WITHOUT_STORE:
            return WITHOUT_STORE[args.command](args)
        store = open_store(args.db)
        return HANDLERS[args.command](args, store)
    except (UsageError, BackupError, EditorRequired) as exc:  # refused: nothing was changed
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except AmbiguousCity as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except (CityNotFound, StoreError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader left early (`... --json | head`): not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # no second error when Python flushes stdout
        return 0
