"""The command line: ``python -m graph <command>`` (contract in DESIGN.md).

``--json`` prints one JSON document on stdout. A mistake (unknown city, bad option,
unreachable database) prints one line on stderr that says what to do, and the exit
code is not zero: 2 for a wrong command line, 1 for everything else.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence

from graph.lookup import AmbiguousCity, CityNotFound
from graph.settings import default
from graph.store import SCOPES, Store, StoreError, default_url, open_store

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
    render.add_argument("what", choices=("map", "network"), help="which figure")
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
    # tests/unit/test_network.py checks they match graph.network
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
    from graph.seed import seed_store
    from graph.store import reset_store

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
    from graph.build import build_graph
    from graph.metrics import network_stats

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
    from graph.cards import city_card

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
    if args.what == "map":
        from graph.mapview import render_map_command

        return render_map_command(args, store)
    from graph.network import render_network_command

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
    from graph.opportunities import opportunities

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
    from graph.suggest import suggest

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

HANDLERS = {
    "stats": _cmd_stats,
    "city": _cmd_city,
    "render": _cmd_render,
    "opportunities": _cmd_opportunities,
    "suggest": _cmd_suggest,
    # --- more handlers: one line per command ---
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
