"""Render tabular results as an aligned text table, JSON or CSV (every command's ``--format``)."""

from __future__ import annotations

import csv
import io
import json
import math

FORMATS = ("table", "json", "csv")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell(v) for v in value)
    return str(value).replace("\n", " ")


def _json_safe(value):
    """Values JSON can carry: non-finite floats (xsd:double INF, NaN) become their XSD text."""
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("INF" if value > 0 else "-INF")
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    return value


def render(columns: list[str], rows: list[list], fmt: str = "table", max_width: int = 80) -> str:
    """Rows as text. JSON is a list of objects keyed by column; values are kept as they are."""
    if fmt == "json":
        return json.dumps(_json_safe([dict(zip(columns, row)) for row in rows]), ensure_ascii=False,
                          indent=2, default=str)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[_cell(v) for v in row] for row in rows])
        return buf.getvalue().rstrip("\n")
    cells = [[_cell(v) for v in row] for row in rows]
    cells = [[c if len(c) <= max_width else c[: max_width - 1] + "…" for c in row] for row in cells]
    widths = [max([len(col)] + [len(r[i]) for r in cells]) for i, col in enumerate(columns)]
    lines = ["  ".join(col.ljust(w) for col, w in zip(columns, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join(lines)


def render_records(records: list[dict], fmt: str = "table") -> str:
    """Render a list of dicts (columns from the first record's keys)."""
    if fmt == "json":
        return json.dumps(_json_safe(records), ensure_ascii=False, indent=2, default=str)
    columns = list(records[0]) if records else []
    return render(columns, [[r.get(c) for c in columns] for r in records], fmt)
