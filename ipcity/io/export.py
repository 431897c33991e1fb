"""Rows for `ipcity export`: each stored figure as import reads it back, plus its provenance."""

from __future__ import annotations

from collections.abc import Iterator

from ipcity.base.units import readable_value

EXPORT_HEADER = ["indicator", "region", "period", "value", "unit", "source", "note", "cumulative"]  # what import reads back


def export_rows(observations, changes: dict[int, str], units: dict[str, str], readable: bool = True) -> Iterator[dict]:
    """Rows for `ipcity export`: what import takes back unchanged, plus provenance. `units`:
    each indicator's base unit. `readable`: each value exact in the unit people write (1500
    万元); else in the base unit (JSON, for scripts)."""
    for o in observations:
        base = units.get(o.indicator_key, "")
        value, unit = readable_value(o.value, base) if readable else (repr(o.value), base)
        yield {
            "indicator": o.indicator_key, "region": o.region, "period": o.period, "value": value, "unit": unit,
            "source": o.source or "", "note": o.note or "", "cumulative": "true" if o.cumulative else "false",
            "recorded_at": o.recorded_at.astimezone().isoformat(timespec="seconds"),
            "recorded_by": o.recorded_by or "", "version": o.version,
            "change": changes.get(o.change_id, "") if o.change_id else "",
        }
