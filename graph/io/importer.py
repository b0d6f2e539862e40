"""Import of ties and exchanges from CSV or XLSX files, and the files' templates.

Import is two steps. :func:`validate` reads the bytes of a file (:mod:`graph.io.reading`;
no database involved beyond the cities it is given), checks every row with the rules of
:mod:`graph.io.rules` and returns a :class:`~graph.io.report.ValidationReport`: every
problem located by row and column, with what is wrong and how to fix it, in Persian and
English (catalogue keys ``io.problem.*`` / ``io.fix.*``), and the clean rows ready to
store. :func:`import_file` validates and, when nothing is wrong, writes all rows in ONE
transaction together with their record of changes (:mod:`graph.store.changes`); one bad
row and nothing is written.

What a council's spreadsheet may hold and is understood: UTF-8 (with or without BOM),
UTF-16 and Windows-1256 text; Persian (۰-۹) and Arabic-Indic (٠-٩) digits; Jalali
years (1300-1500, e.g. 1398 -> 2019) and dates (1398/05/12), converted with a warning;
city names in Persian or English, with an optional country column (a code or a name);
TSV files and JSON adjacency lists; column headers in English, Persian or French, or
mapped explicitly (:mod:`graph.io.mapping`), with file-wide values filling the columns a
file lacks (``fill``: ``source``, ``relation``).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping

import pandas as pd
import sqlalchemy as sa

from graph.i18n.changelog import batch_description
from graph.io.mapping import FILL_COLUMNS, map_columns
from graph.io.reading import Rejected, read_table
from graph.io.report import Issue, ValidationReport
from graph.io.rules import MULTILINE_FIELDS, REQUIRED, TIE_FIELDS, CityResolver, check_record
from graph.model import Origin
from graph.names import clean_text, fold
from graph.store.changes import record_batch, record_change, require_editor, row_image
from graph.store.engine import Store
from graph.store.schema import exchanges_table, ties_table

__all__ = [
    "EXCHANGE_COLUMNS",
    "TIE_COLUMNS",
    "import_file",
    "template",
    "validate",
]

TIE_COLUMNS = ("city_a", "city_b", "relation", "status", "since", "evidence", "sources", "note")
EXCHANGE_COLUMNS = (
    "city_a",
    "city_b",
    "date",
    "kind",
    "intensity",
    "title",
    "source",
    "evidence",
    "note",
)


class _Concurrent(Exception):
    def __init__(self, row: int):
        self.row = row


def _kind_of(columns: set[str]) -> str | None:
    if columns & {"date", "kind", "intensity", "title"}:
        return "exchanges"
    if columns & {"relation", "status", "since", "sources"}:
        return "ties"
    return None


def validate(
    data: bytes,
    cities: pd.DataFrame,
    mapping: Mapping[str, str] | None = None,
    fill: Mapping[str, str] | None = None,
) -> ValidationReport:
    """Read a CSV, TSV, XLSX or JSON file of ties or exchanges and check every row.

    ``mapping`` names the header that holds a column (column -> header; the others are
    guessed, :func:`graph.io.mapping.map_columns`); ``fill`` gives a file-wide value to
    a column of :data:`~graph.io.mapping.FILL_COLUMNS` the file lacks (``source``,
    ``relation``), said in the report's warnings. Never raises on bad input: every
    problem becomes an :class:`Issue` in the report, and ``accepted`` is False when
    there is at least one error.
    """
    report = ValidationReport(accepted=False)
    try:
        table, report.encoding = read_table(data)
    except Rejected as exc:
        report.errors.append(exc.issue)
        return report
    while table and not any(clean_text(c) for c in table[0][1]):
        table.pop(0)
    if not table:
        report.errors.append(Issue("empty"))
        return report
    header_row, header = table[0]
    mapped = map_columns(header, mapping, row=header_row)
    names, unknown = mapped.names, mapped.unknown
    report.headers = mapped.headers(header)
    report.header = [clean_text(c) for c in header]
    report.guessed = sorted(mapped.guessed)
    if mapped.problems:
        report.errors += mapped.problems
        return report
    present = {n for n in names if n}
    filled = _fill(fill or {}, present, header_row, report)
    if report.errors:
        return report
    kind = _kind_of(present | set(filled))
    if kind is None:
        report.errors.append(
            Issue(
                "columns",
                row=header_row,
                value=", ".join(c for c in header if c)[:200],
                params={"columns": ", ".join(REQUIRED["ties"])},
            )
        )
        return report
    report.kind = kind
    if kind == "exchanges" and "relation" in filled:
        del filled["relation"]  # an exchange has no relation: say it is not used
        report.warnings.append(
            Issue("warn.fill_ignored", row=header_row, column="relation", value=fill["relation"])
        )
    report.filled = dict(filled)
    missing = [c for c in REQUIRED[kind] if c not in present and c not in filled]
    if missing:
        report.errors.append(
            Issue(
                "columns",
                row=header_row,
                column=", ".join(missing),
                params={"columns": ", ".join(missing)},
            )
        )
        return report
    if unknown:
        report.warnings.append(
            Issue(
                "warn.unknown_columns",
                row=header_row,
                value=", ".join(unknown),
                params={"columns": ", ".join(unknown)},
            )
        )
    if report.encoding == "cp1256":
        report.warnings.append(Issue("warn.encoding", params={"encoding": "Windows-1256"}))
    resolver = CityResolver(cities)
    records: dict[str, dict] = {}
    for index, raw in table[1:]:
        if not any(clean_text(c) for c in raw):
            continue
        report.rows += 1
        if len(raw) > len(names) and any(clean_text(c) for c in raw[len(names) :]):
            report.errors.append(
                Issue("field_count", row=index, params={"found": len(raw), "expected": len(names)})
            )
            continue
        cells = {
            n: clean_text(raw[i], multiline=n in MULTILINE_FIELDS) if i < len(raw) else ""
            for i, n in enumerate(names)
            if n
        } | filled
        record = check_record(kind, index, cells, resolver, report)
        if record is None:
            continue
        key = _record_key(kind, record)
        if key in records:
            _merge(kind, records[key], record, index, report)
        else:
            record["_rows"] = [index]
            records[key] = record
    report.records = list(records.values())
    report.accepted = not report.errors and report.rows > 0
    if report.rows == 0 and not report.errors:
        report.errors.append(Issue("empty"))
    return report


def _fill(
    fill: Mapping[str, str], present: set[str], row: int, report: ValidationReport
) -> dict[str, str]:
    """The file-wide values that fill columns the file lacks (a warning says so for each;
    a column the file has keeps its own cells, and a warning says the value is unused)."""
    filled = {}
    for column, value in fill.items():
        value = clean_text(value or "", multiline=column in MULTILINE_FIELDS)
        if not value:
            continue
        if column not in FILL_COLUMNS:
            report.errors.append(
                Issue(
                    "fill_column",
                    row=row,
                    column=column,
                    value=value,
                    params={"columns": ", ".join(FILL_COLUMNS)},
                )  # fmt: skip
            )
        elif column in present:
            report.warnings.append(Issue("warn.fill_ignored", row=row, column=column, value=value))
        else:
            filled[column] = value
            report.warnings.append(
                Issue("warn.filled", row=row, column=column, value=value, params={"value": value})
            )
    return filled


def _record_key(kind: str, record: dict) -> str:
    if kind == "ties":
        return record["pair_key"]
    return "|".join(
        [record["pair_key"], record["date"] or "", record["kind"], fold(record["title"])]
    )


def _merge(kind: str, kept: dict, new: dict, index: int, report: ValidationReport) -> None:
    fields = ("relation", "status", "since") if kind == "ties" else ("intensity",)
    clash = [f for f in fields if new.get(f) is not None and kept.get(f) not in (None, new[f])]
    if clash:
        report.errors.append(
            Issue(
                "duplicate_conflict",
                row=index,
                column=", ".join(clash),
                params={"first": kept["_rows"][0]},
            )
        )
        return
    if kind == "ties":
        sources = json.loads(kept["sources"])
        sources += [s for s in json.loads(new["sources"]) if s not in sources]
        kept["sources"] = json.dumps(sources, ensure_ascii=False)
        if new["note"] and new["note"] not in kept["note"]:
            kept["note"] = (kept["note"] + " | " + new["note"]).strip(" |")
        kept["_given"] = kept.get("_given", set()) | new.get("_given", set())
    kept["_rows"].append(index)
    report.warnings.append(Issue("warn.duplicate", row=index, params={"first": kept["_rows"][0]}))


def import_file(
    store: Store,
    data: bytes,
    who: str,
    dry_run: bool = False,
    filename: str = "",
    before_write: Callable[[], object] | None = None,
    description: str = "",
    mapping: Mapping[str, str] | None = None,
    fill: Mapping[str, str] | None = None,
) -> ValidationReport:
    """Validate ``data`` and, when accepted and not ``dry_run``, store it all at once.

    New ties and exchanges get ``origin='user'``; a tie for a pair already stored is
    updated (its version goes up). Exchanges already stored (same pair, date, kind and
    title) are left alone and reported. The whole import and its record of changes are
    one transaction: when anything fails, nothing stored changes. ``before_write`` (e.g.
    an automatic backup) runs once the file is accepted, before anything is written.
    ``description`` (from :func:`graph.i18n.changelog.batch_description`) replaces the
    change log's default description of the import. ``mapping`` and ``fill`` are
    :func:`validate`'s. Without an editor's name ``who`` (even for a dry run),
    :class:`graph.store.changes.EditorRequired`.
    """
    who = require_editor(who)
    report = validate(data, store.cities(), mapping=mapping, fill=fill)
    if not report.accepted:
        return report
    if before_write is not None and not dry_run:
        before_write()
    for attempt in range(_ATTEMPTS):
        try:
            _write(store, report, who, dry_run, filename, description)
        except _Concurrent as exc:
            # another editor changed a stored tie since it was read: nothing is stored
            _conflict(report, exc.row)
        except sa.exc.IntegrityError:
            # another import stored the same rows at the same moment (a unique key said
            # so): write again, now seeing them as already stored
            if attempt + 1 < _ATTEMPTS:
                _reset(report)
                continue
            _conflict(report, None)
        break
    return report


_ATTEMPTS = 3


def _reset(report: ValidationReport) -> None:
    """Forget what a rolled-back write counted and warned, before writing again."""
    report.batch_id = None
    report.inserted = report.updated = report.unchanged = 0
    written = ("warn.already_stored", "warn.updates_tie")
    report.warnings = [w for w in report.warnings if w.problem not in written]


def _conflict(report: ValidationReport, row: int | None) -> None:
    _reset(report)
    report.accepted = False
    report.errors.append(Issue("conflict", row=row))


def _write(
    store: Store,
    report: ValidationReport,
    who: str,
    dry_run: bool,
    filename: str,
    description: str,
) -> None:
    """Write the accepted rows and their record of changes in one transaction (rolled
    back for a dry run, when nothing is new, or when anything fails)."""
    with store.engine.connect() as conn:
        transaction = conn.begin()
        try:
            report.batch_id = record_batch(
                conn,
                who,
                "import",
                description
                or batch_description(
                    "import_file" if filename else "import",
                    kind=report.kind,
                    rows=report.rows,
                    **({"file": filename} if filename else {}),
                ),
            )
            if report.kind == "ties":
                _write_ties(conn, report)
            else:
                _write_exchanges(conn, report)
            if report.errors:
                transaction.rollback()
                report.batch_id = None
                report.accepted = False
            elif dry_run or not (report.inserted or report.updated):
                transaction.rollback()  # a dry run, or nothing new: no empty batch
                report.batch_id = None
            else:
                transaction.commit()
        except BaseException:
            transaction.rollback()
            raise


def _write_ties(conn: sa.Connection, report: ValidationReport) -> None:
    for record in report.records:
        values = {k: v for k, v in record.items() if not k.startswith("_")}
        current = (
            conn.execute(sa.select(ties_table).where(ties_table.c.pair_key == values["pair_key"]))
            .mappings()
            .first()
        )
        if current is None:
            result = conn.execute(
                ties_table.insert().values(
                    **values, origin=Origin.USER.value, one_sided=False, version=1
                )
            )
            tie_id = result.inserted_primary_key[0]
            after = row_image(
                conn.execute(sa.select(ties_table).where(ties_table.c.tie_id == tie_id))
                .mappings()
                .first()
            )
            record_change(conn, report.batch_id, "ties", values["pair_key"], "insert", None, after)
            report.inserted += 1
            continue
        before = row_image(current)
        new = {f: values[f] for f in TIE_FIELDS if f in record.get("_given", TIE_FIELDS)}
        if "sources" in new:  # sources add up: a file's links join the stored ones
            stored = json.loads(before["sources"] or "[]")
            added = [u for u in json.loads(new["sources"]) if u not in stored]
            new["sources"] = json.dumps(stored + added, ensure_ascii=False)
        if all(before[f] == new[f] for f in new):
            report.unchanged += 1
            report.warnings.append(Issue("warn.already_stored", row=record["_rows"][0]))
            continue
        updated = conn.execute(
            ties_table.update()
            .where(ties_table.c.tie_id == before["tie_id"])
            .where(ties_table.c.version == before["version"])  # nobody changed it meanwhile
            .values(**new, origin=Origin.USER.value, version=before["version"] + 1)
        ).rowcount
        if updated != 1:
            raise _Concurrent(record["_rows"][0])
        after = row_image(
            conn.execute(sa.select(ties_table).where(ties_table.c.tie_id == before["tie_id"]))
            .mappings()
            .first()
        )
        record_change(conn, report.batch_id, "ties", values["pair_key"], "update", before, after)
        report.updated += 1
        report.warnings.append(Issue("warn.updates_tie", row=record["_rows"][0]))


def _write_exchanges(conn: sa.Connection, report: ValidationReport) -> None:
    pairs = {r["pair_key"] for r in report.records}
    stored = set()
    for start in range(0, len(pairs), 500):
        chunk = sorted(pairs)[start : start + 500]
        query = sa.select(
            exchanges_table.c.pair_key,
            exchanges_table.c.date,
            exchanges_table.c.kind,
            exchanges_table.c.title,
        ).where(exchanges_table.c.pair_key.in_(chunk))
        for row in conn.execute(query):
            stored.add("|".join([row.pair_key, row.date or "", row.kind, fold(row.title)]))
    for record in report.records:
        if _record_key("exchanges", record) in stored:
            report.unchanged += 1
            report.warnings.append(Issue("warn.already_stored", row=record["_rows"][0]))
            continue
        values = {k: v for k, v in record.items() if not k.startswith("_")}
        result = conn.execute(exchanges_table.insert().values(**values, origin=Origin.USER.value))
        exchange_id = result.inserted_primary_key[0]
        after = row_image(
            conn.execute(
                sa.select(exchanges_table).where(exchanges_table.c.exchange_id == exchange_id)
            )
            .mappings()
            .first()
        )
        record_change(conn, report.batch_id, "exchanges", str(exchange_id), "insert", None, after)
        report.inserted += 1


def template(kind: str) -> bytes:
    """A CSV template (UTF-8 with BOM, so Excel shows Persian) with one example row."""
    if kind == "ties":
        header = TIE_COLUMNS + ("country_a", "country_b")
        example = (
            "Tehran",
            "Kazan",
            "sister",
            "signed",
            "2019",
            "official",
            "https://example.org/agreement",
            "",
            "IR",
            "RU",
        )
    elif kind == "exchanges":
        header = EXCHANGE_COLUMNS + ("country_a", "country_b")
        example = (
            "تهران",
            "Kazan",
            "1398/05/12",
            "cultural",
            "2",
            "Week of culture",
            "https://example.org/news",
            "news",
            "",
            "IR",
            "RU",
        )
    else:
        raise ValueError(f"kind must be 'ties' or 'exchanges', not {kind!r}")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerow(example)
    return ("\ufeff" + out.getvalue()).encode("utf-8")
