"""The analysis commands: stats, city, opportunities, suggest and precompute."""

from __future__ import annotations

import argparse

from graph.analysis.build import build_graph
from graph.analysis.city import city_card
from graph.analysis.metrics import network_stats
from graph.analysis.opportunities import opportunities
from graph.analysis.suggest import rounded_likelier, suggest
from graph.cli.common import print_json
from graph.settings import default
from graph.store.engine import Store
from graph.store.results import Results, results_dir
from graph.views.precompute import precompute

__all__ = ["run_city", "run_opportunities", "run_precompute", "run_stats", "run_suggest"]


def run_stats(args: argparse.Namespace, store: Store) -> int:
    """``stats``: the network statistics of a scope."""
    stats = network_stats(build_graph(store, args.scope, half_life=args.half_life), args.scope)
    if args.json:
        print_json(stats)
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


def run_city(args: argparse.Namespace, store: Store) -> int:
    """``city``: the card of one city."""
    card = city_card(store, args.name, scope=args.scope, half_life=args.half_life)
    if args.json:
        print_json(card)
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


def run_opportunities(args: argparse.Namespace, store: Store) -> int:
    """``opportunities``: dormant and underused ties."""
    result = opportunities(
        store,
        top=args.top,
        dormant_years=args.dormant_years,
        measure=args.measure,
        lang=args.lang,
        half_life=default("half_life_years"),
    )
    if args.json:
        print_json(result)
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
    print(f"  {result['below_interval_total']} below their 95% prediction interval")
    for row in result["underused"]:
        low, high = row["interval"]
        print(
            f"  {row['name_a']} - {row['name_b']}, {row['country_b']} [{row['kind']}, "
            f"{row['evidence']}]: expected {row['expected']:.2f} (95% {low:g}-{high:g}), "
            f"actual {row['actual']:g}; " + "; ".join(row["reasons"])
        )
    if model.get("fitted"):
        print(
            f"Model: {model['family'].replace('_', ' ')} GLM, n = {model['n']} tie-kinds, "
            f"deviance {model['deviance']:.1f} (null {model['null_deviance']:.1f}), "
            f"pseudo-R2 {model['pseudo_r2']:.3f}, "
            f"overdispersion test p {model['overdispersion_p']:.2g}"
        )
        print(f"  activity in {model['unit']}")
        for term, c in model["coefficients"].items():
            print(f"  {term:>20}: {c['estimate']:+.3f} (95% {c['low']:+.3f} to {c['high']:+.3f})")
    return 0


def run_suggest(args: argparse.Namespace, store: Store) -> int:
    """``suggest``: suggested new partners for a city."""
    result = suggest(store, args.name, top=args.top, lang=args.lang)
    if args.json:
        print_json(result)
        return 0
    city = result["city"]
    print(f"Suggested partners for {city['name_en']}, {city['country']}:")
    for i, row in enumerate(result["suggestions"], 1):
        print(
            f"{i:>3}. {row['name_en']}, {row['country']} "
            f"({rounded_likelier(row['likelier']):,} times likelier than a random city): "
            + "; ".join(row["reasons"])
        )
    ev = result["evaluation"]
    if ev is None:
        print("No suggestions: the network has too few ties to learn from.")
        return 0
    print(
        f"Quality on {ev['held_out']} held-out ties ({ev['model'].replace('_', ' ')}): "
        f"AUC {ev['auc']:.3f}, average precision {ev['average_precision']:.3f}, "
        f"Hits@10 {ev['hits_at_10']:.3f}, MRR {ev['mrr']:.3f}"
    )
    for name, figures in ev["baselines"].items():
        print(
            f"  {name.replace('_', ' '):>24}: AUC {figures['auc']:.3f}, "
            f"Hits@10 {figures['hits_at_10']:.3f}, MRR {figures['mrr']:.3f}"
        )
    return 0


def run_precompute(args: argparse.Namespace, store: Store) -> int:
    """``precompute``: compute and keep what the Statistics, Map and Opportunities pages
    show first, for the store's current content (nothing to do when it is kept)."""
    results = Results(store.content_hash(), args.results_dir or results_dir())
    report = precompute(store, results)
    if args.json:
        print_json({"version": results.version, "folder": str(results.folder), "tasks": report})
        return 0
    computed = [r for r in report if r["computed"]]
    total = sum(r["seconds"] for r in report)
    print(
        f"{len(computed)} of {len(report)} results computed in {total:.1f} s "
        f"(store content {results.version}, kept in {results.folder})"
    )
    return 0
