"""Sparklines: a row of ▁▂▃▄▅▆▇█, one per value, scaled between the lowest and highest."""

from __future__ import annotations

BARS = "▁▂▃▄▅▆▇█"
GAP = "·"  # a period without a value


def sparkline(values: list[float | None]) -> str:
    known = [v for v in values if v is not None]
    if not known:
        return GAP * len(values)
    low, high = min(known), max(known)
    span = high - low
    marks = []
    for value in values:
        if value is None:
            marks.append(GAP)
        elif span <= 0:
            marks.append(BARS[3])
        else:
            marks.append(BARS[min(len(BARS) - 1, int((value - low) / span * (len(BARS) - 1) + 0.5))])
    return "".join(marks)
