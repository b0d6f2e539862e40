"""The data commands: import, export, check-data and add-city."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from graph.cli.common import PROG, UsageError, print_json, who
from graph.exports.data_files import export_file
from graph.io.cities import add_city
from graph.io.importer import import_file
from graph.io.mapping import COLUMNS, mapping_json, parse_map, read_mapping
from graph.places.country_check import FLAGGED, check_cities
from graph.places.gazetteer import EXACT_OTHER, describe, search
from graph.store.backup import auto_backup
from graph.store.engine import Store

__all__ = ["add_mapping_arguments", "run_add_city", "run_check_data", "run_export", "run_import"]


def add_mapping_arguments(parser: argparse.ArgumentParser) -> None:
    """``import``'s column mapping: --map, --map-file, --save-map, --source, --relation."""
    parser.add_argument(
        "--map",
        metavar="COLUMN=HEADER,...",
        default="",
        help="which header holds which column, e.g. city_a=origincityLabel,"
        f"country_a=origincountry (columns: {', '.join(COLUMNS)}); the rest are guessed",
    )
    parser.add_argument(
        "--map-file", metavar="F", default=None, help="a mapping saved with --save-map"
    )
    parser.add_argument(
        "--save-map", metavar="F", default=None, help="write the mapping used to F (JSON)"
    )
    parser.add_argument(
        "--source", metavar="URL", default=None, help="the source of every row, if none is given"
    )
    parser.add_argument(
        "--relation", default=None, help="the relation of every tie, if the file has none"
    )


def _mapping(args: argparse.Namespace) -> tuple[dict[str, str], dict[str, str]]:
    """The explicit mapping and the file-wide values: the saved file's, then --map and
    --source/--relation over them."""
    columns: dict[str, str] = {}
    fill: dict[str, str] = {}
    if getattr(args, "map_file", None):
        try:
            columns, fill = read_mapping(Path(args.map_file).read_bytes())
        except OSError as exc:
            raise ValueError(f"cannot read {args.map_file}: {exc.strerror or exc}") from None
        except ValueError as exc:
            raise ValueError(f"{args.map_file}: {exc}") from None
    try:
        columns |= parse_map(getattr(args, "map", "") or "")
    except ValueError as exc:
        raise UsageError(f"--map: {exc}") from None
    for column in ("source", "relation"):
        if getattr(args, column, None):
            fill[column] = getattr(args, column)
    return columns, fill


def run_import(args: argparse.Namespace, store: Store) -> int:
    """``import``: validate a file, back the store up, then store the file's rows."""
    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        raise ValueError(f"cannot read {args.file}: {exc.strerror or exc}") from None
    columns, fill = _mapping(args)
    backups: list = []
    report = import_file(
        store,
        data,
        who(args),
        dry_run=args.dry_run,
        filename=Path(args.file).name,
        before_write=lambda: backups.append(auto_backup(store)),
        mapping=columns,
        fill=fill,
    )
    if getattr(args, "save_map", None) and report.headers:
        try:
            Path(args.save_map).write_bytes(mapping_json(report.headers, fill))
        except OSError as exc:
            raise ValueError(f"cannot write {args.save_map}: {exc.strerror or exc}") from None
    document = report.to_dict(args.lang) | {"dry_run": args.dry_run}
    if backups:
        document["backup"] = str(backups[0])
    if args.json:
        print_json(document)
    else:
        state = "accepted" if report.accepted else "REJECTED"
        print(f"{args.file}: {report.kind or 'unknown kind'}, {report.rows} rows, {state}")
        if report.headers:
            read = ", ".join(
                f"{c}={h}" + (" (guessed)" if c in report.guessed else "")
                for c, h in report.headers.items()
            )
            print(f"  columns: {read}")
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


def run_export(args: argparse.Namespace, store: Store) -> int:
    """``export``: write the data of a scope to a file."""
    data = export_file(store, args.format, scope=args.scope, table=args.table, lang=args.lang)
    try:
        Path(args.out).write_bytes(data)
    except OSError as exc:
        raise ValueError(f"cannot write {args.out}: {exc.strerror or exc}") from None
    print(f"wrote {args.out} ({len(data):,} bytes, {args.format}, scope {args.scope})")
    return 0


def run_check_data(args: argparse.Namespace, store: Store) -> int:
    """``check-data``: report each city whose point is not in its country; change nothing.

    Exits 0 whatever it finds: the findings are for an editor to judge.
    """
    result = check_cities(store.cities())
    if args.json:
        print_json(result.to_dict())
        return 0
    counts = result.counts
    print(
        f"{result.total:,} cities: {counts['inside']:,} inside their country, "
        f"{counts['near']:,} within {result.tolerance_km:g} km of it, "
        f"{counts['untested']:,} untested (no coordinates or no Natural Earth polygon)"
    )
    flagged = result.flagged
    print(f"{len(flagged):,} to check: " + ", ".join(f"{counts[s]:,} {s}" for s in FLAGGED))
    for f in flagged:
        where = f" lies in {f.found}" if f.status == "other_country" else ""
        nearest = f" (nearest country {f.found})" if f.status == "at_sea" and f.found else ""
        km = f", {f.km:,.1f} km from {f.country}" if f.km is not None else ""
        print(
            f"  {f.status}: {f.name_en} [{f.city_id}] {f.country} "
            f"lat {f.lat} lon {f.lon}{where}{nearest}{km}"
        )
    return 0


def run_add_city(args: argparse.Namespace, store: Store) -> int:
    """``add-city``: add a place of the gazetteer to the store."""
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
        out["batch_id"] = add_city(store, fields, who(args))
    if args.json:
        print_json(out)
        return 0
    done = "would add" if args.dry_run else f"added (batch {out['batch_id']})"
    print(f"{done}: {describe(place)}, GeoNames {place.geonameid}")
    if not args.fa and place.names_fa:
        print(f"Persian name candidates: {' / '.join(place.names_fa)} (confirm one with --fa)")
    return 0
