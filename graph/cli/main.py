"""The command line: ``python -m graph <command>`` (contract in DESIGN.md).

``--json`` prints one JSON document on stdout. A mistake (unknown city, bad option,
unreachable database) prints one line on stderr that says what to do, and the exit
code is not zero: 2 for a wrong command line, 1 for everything else.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections.abc import Sequence

from graph.model import SCOPES
from graph.names import AmbiguousCity, CityNotFound
from graph.settings import default
from graph.store.engine import Store, StoreError, default_url, open_store

__all__ = ["main"]

PROG = "python -m graph"


class UsageError(Exception):
    """The command line itself is wrong."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, no usage dump
        raise UsageError(f"{message} (see '{PROG} --help')")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="City Diplomacy Explorer command line.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("--db", metavar="URL", help=f"database URL (default: {default_url()})")
        return sub

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

    render = command("render", "draw the map or the network view to a file (offline)")
    render.add_argument(
        "what", choices=("map", "network", "deck", "timeline"), help="which figure"
    )
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
    # --- end render map options ---
    # --- render network options (network view owns this block) ---
    # choices spelled out so that parsing does not import the drawing code;
    # tests/unit/test_network.py checks they match graph.views.network
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
    # --- presenter options (issue 7) ---
    render.add_argument(
        "--view", metavar="NAME", default=None, help="draw this saved view (its page and settings)"
    )
    # --- end presenter options ---

    # --- opportunities and suggest commands (opportunities page owns this block) ---
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
    # --- end opportunities and suggest commands ---
    # --- data management commands (issue 6) ---
    imp = command("import", "validate then import a CSV/XLSX file of ties or exchanges")
    imp.add_argument("file", metavar="FILE", help="CSV or XLSX; see the templates on the Data page")
    imp.add_argument("--dry-run", action="store_true", help="validate only; store nothing")
    imp.add_argument("--json", action="store_true", help="print one JSON document")
    imp.add_argument("--who", default=None, help="the editor's name for the change log")
    imp.add_argument("--lang", choices=("fa", "en"), default="en", help="language of messages")
    exp = command("export", "write the data of a scope to a file")
    exp.add_argument("--format", required=True, choices=("csv", "xlsx", "geojson", "graphml"))
    exp.add_argument("out", metavar="OUT", help="the file to write")
    exp.add_argument("--scope", choices=SCOPES, default="iran")
    exp.add_argument(
        "--table",
        choices=("ties", "exchanges", "cities"),
        default="ties",
        help="which table a CSV holds (XLSX holds all three)",
    )
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
    # --- end data management commands (issue 6) ---
    return parser


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not value > 0 or math.isinf(value):
        raise argparse.ArgumentTypeError(f"{text!r} must be a positive number of years")
    return value


def _json_default(value):
    if isinstance(value, float) and math.isinf(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return str(value)


def _print_json(document: dict) -> None:
    text = json.dumps(document, ensure_ascii=False, indent=2, default=_json_default)
    print(text.replace("Infinity", "null"))


def _cmd_init(args) -> int:
    from graph.store.engine import reset_store
    from graph.store.seed import seed_store

    if args.reset:
        reset_store(args.db)
    store = open_store(args.db, seed=False)
    changed = seed_store(store)
    report = {
        "db": store.url,
        "seeded": changed,
        "schema_version": int(store.meta("schema_version")),
        "seed_version": store.meta("seed_version"),
        **store.counts(),
    }
    if args.json:
        _print_json(report)
    else:
        state = "seeded" if changed else "already up to date"
        print(
            f"Store {report['db']} {state}: {report['cities']:,} cities, "
            f"{report['ties']:,} ties, {report['exchanges']:,} exchanges, "
            f"{report['air_links']:,} air links."
        )
    return 0


def _cmd_stats(args, store: Store) -> int:
    from graph.analysis.build import build_graph
    from graph.analysis.metrics import network_stats

    stats = network_stats(build_graph(store, args.scope, half_life=args.half_life), args.scope)
    if args.json:
        _print_json(stats)
        return 0
    for key, value in stats.items():
        if isinstance(value, dict):
            shown = ", ".join(f"{k} {v}" for k, v in value.items())
        elif isinstance(value, float):
            shown = f"{value:.4f}"
        else:
            shown = value
        print(f"{key:>22}: {shown}")
    return 0


def _cmd_city(args, store: Store) -> int:
    from graph.analysis.city import city_card

    card = city_card(store, args.name, scope=args.scope, half_life=args.half_life)
    if args.json:
        _print_json(card)
        return 0
    city = card["city"]
    persian = f" ({city['name_fa']})" if city["name_fa"] else ""
    print(f"{city['name_en']}{persian}, {city['country']}: {len(card['partners'])} partners")
    print(
        f"{'partner':<28} {'relation':<12} {'since':<6} {'status':<10} {'evidence':<10} "
        f"{'tech':>5} {'cult':>5} {'trans':>5}  last exchange"
    )
    for p in card["partners"]:
        w = p["weights"]
        print(
            f"{p['name_en'] + ', ' + p['country']:<28} {p['relation']:<12} "
            f"{p['since'] or '':<6} {p['status']:<10} {p['evidence']:<10} "
            f"{w['technical']:>5.2f} {w['cultural']:>5.2f} {w['transit']:>5.2f}  "
            f"{p['last_exchange'] or '-'}"
        )
    return 0


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


# --- opportunities and suggest handlers (opportunities page owns this block) ---
def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be 1 or more")
    return value


def _cmd_opportunities(args, store: Store) -> int:
    from graph.analysis.opportunities import opportunities

    result = opportunities(
        store,
        top=args.top,
        dormant_years=args.dormant_years,
        measure=args.measure,
        lang=args.lang,
        half_life=default("half_life_years"),
    )
    if args.json:
        _print_json(result)
        return 0
    print(
        f"Dormant ties (no recorded exchange in {result['dormant_years']:g} years): "
        f"{result['dormant_total']}, first {len(result['dormant'])}"
    )
    for row in result["dormant"]:
        last = row["last_exchange"] or "never"
        print(
            f"  {row['name_a']} - {row['name_b']}, {row['country_b']}: last exchange {last}; "
            + "; ".join(row["reasons"])
        )
    model = result["model"]
    print(
        f"Underused ties (expected minus actual {model['measure']}, per kind): "
        f"{result['underused_total']}, first {len(result['underused'])}"
    )
    for row in result["underused"]:
        print(
            f"  {row['name_a']} - {row['name_b']}, {row['country_b']} [{row['kind']}]: "
            f"expected {row['expected']:.2f}, actual {row['actual']:g}; "
            + "; ".join(row["reasons"])
        )
    if model.get("fitted"):
        print(
            f"Model: Poisson, n = {model['n']} tie-kinds, pseudo-R2 {model['pseudo_r2']:.3f}, "
            f"dispersion {model['dispersion']:.2f}"
        )
        for term, c in model["coefficients"].items():
            print(f"  {term:>20}: {c['estimate']:+.3f} (se {c['se']:.3f})")
    return 0


def _cmd_suggest(args, store: Store) -> int:
    from graph.analysis.suggest import suggest

    result = suggest(store, args.name, top=args.top, lang=args.lang)
    if args.json:
        _print_json(result)
        return 0
    city = result["city"]
    print(f"Suggested partners for {city['name_en']}, {city['country']}:")
    for i, row in enumerate(result["suggestions"], 1):
        print(
            f"{i:>3}. {row['name_en']}, {row['country']} (score {row['score']:.2f}): "
            + "; ".join(row["reasons"])
        )
    ev = result["evaluation"]
    print(f"Quality: AUC {ev['auc']:.3f} on {ev['held_out']} held-out ties ({ev['method']})")
    return 0


# --- end opportunities and suggest handlers ---


# --- data management handlers (issue 6) ---
def _who(args) -> str:
    import getpass

    if args.who:
        return args.who
    try:
        return f"cli:{getpass.getuser()}"
    except (OSError, KeyError):
        return "cli"


def _cmd_import(args, store: Store) -> int:
    from pathlib import Path

    from graph.io.importer import import_file
    from graph.store.changes import auto_backup

    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        raise ValueError(f"cannot read {args.file}: {exc.strerror or exc}") from None
    backups: list = []
    report = import_file(
        store,
        data,
        _who(args),
        dry_run=args.dry_run,
        filename=Path(args.file).name,
        before_write=lambda: backups.append(auto_backup(store)),
    )
    document = report.to_dict(args.lang) | {"dry_run": args.dry_run}
    if backups:
        document["backup"] = str(backups[0])
    if args.json:
        _print_json(document)
    else:
        state = "accepted" if report.accepted else "REJECTED"
        print(f"{args.file}: {report.kind or 'unknown kind'}, {report.rows} rows, {state}")
        for issue in document["errors"]:
            print(
                f"  error row {issue['row']} [{issue['column']}] {issue['value']!r}: "
                f"{issue['problem']} Fix: {issue['fix']}"
            )
        for issue in document["warnings"]:
            print(f"  warning row {issue['row']} [{issue['column']}]: {issue['problem']}")
        if report.accepted and not args.dry_run:
            print(
                f"stored as batch {report.batch_id}: {report.inserted} new, "
                f"{report.updated} updated, {report.unchanged} unchanged "
                f"(undo: {PROG} undo {report.batch_id})"
            )
    if not report.accepted:
        print(f"error: {args.file} was rejected; nothing was stored", file=sys.stderr)
        return 1
    return 0


def _cmd_export(args, store: Store) -> int:
    from pathlib import Path

    from graph.io.importer import export_data

    data = export_data(store, args.format, scope=args.scope, table=args.table)
    try:
        Path(args.out).write_bytes(data)
    except OSError as exc:
        raise ValueError(f"cannot write {args.out}: {exc.strerror or exc}") from None
    print(f"wrote {args.out} ({len(data):,} bytes, {args.format}, scope {args.scope})")
    return 0


def _cmd_backup(args, store: Store) -> int:
    from graph.store.changes import backup

    try:
        counts = backup(store, args.out)
    except OSError as exc:
        raise ValueError(f"cannot write {args.out}: {exc.strerror or exc}") from None
    print(f"wrote {args.out}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return 0


def _cmd_restore(args, store: Store) -> int:
    from graph.store.changes import restore

    counts = restore(store, args.file, who=_who(args))
    shown = ", ".join(f"{k} {v}" for k, v in counts.items())
    print(f"restored {args.file} into {store.url}: {shown}")
    return 0


def _cmd_undo(args, store: Store) -> int:
    from graph.store.changes import UndoError, undo_batch

    try:
        undo_id = undo_batch(store, args.batch, _who(args))
    except UndoError as exc:
        raise ValueError(str(exc)) from None
    print(f"batch {args.batch} undone (recorded as batch {undo_id})")
    return 0


def _cmd_add_city(args, store: Store) -> int:
    from graph.places.gazetteer import EXACT_OTHER, add_city, describe, search

    country = args.country.upper() if args.country else None
    hits = search(args.name, country=country, limit=10)
    whole = [p for p in hits if p.score >= EXACT_OTHER]  # the whole name, in any language
    if not hits:
        raise ValueError(
            f"the gazetteer has no place named {args.name!r}"
            + (f" in {country}" if country else "")
            + ": check the spelling, or try the English or Persian name"
        )
    if len(whole) != 1:
        listed = "; ".join(describe(p) + f" (--country {p.country})" for p in (whole or hits)[:6])
        raise UsageError(
            f"{args.name!r} names several places: {listed}; add --country CC"
            if whole
            else f"no place is named exactly {args.name!r}; did you mean: {listed}"
        )
    place = whole[0]
    fields = {**place.to_dict(), "name_fa": args.fa}
    out = {"place": place.to_dict(), "name_fa": args.fa, "batch_id": None, "dry_run": args.dry_run}
    if not args.dry_run:
        out["batch_id"] = add_city(store, fields, _who(args))
    if args.json:
        _print_json(out)
        return 0
    done = "would add" if args.dry_run else f"added (batch {out['batch_id']})"
    print(f"{done}: {describe(place)}, GeoNames {place.geonameid}")
    if not args.fa and place.names_fa:
        print(f"Persian name candidates: {' / '.join(place.names_fa)} (confirm one with --fa)")
    return 0


def _cmd_hash_password(args, store: Store) -> int:
    import getpass

    from graph.store.editors import editor_entry

    password = getpass.getpass(f"password for {args.name}: ")
    if getpass.getpass("again: ") != password:
        raise ValueError("the two passwords differ")
    print(editor_entry(args.name, password))
    return 0


# --- end data management handlers (issue 6) ---

HANDLERS = {
    "stats": _cmd_stats,
    "city": _cmd_city,
    "render": _cmd_render,
    "opportunities": _cmd_opportunities,
    "suggest": _cmd_suggest,
    # --- more handlers: one line per command ---
    "import": _cmd_import,  # issue 6
    "export": _cmd_export,  # issue 6
    "backup": _cmd_backup,  # issue 6
    "restore": _cmd_restore,  # issue 6
    "undo": _cmd_undo,  # issue 6
    "hash-password": _cmd_hash_password,  # issue 6
    "add-city": _cmd_add_city,  # issue 6
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the process exit code."""
    try:
        args = _parser().parse_args(argv)
        if args.command == "init":
            return _cmd_init(args)
        store = open_store(args.db)
        return HANDLERS[args.command](args, store)
    except UsageError as exc:
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
