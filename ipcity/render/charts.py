"""A chart per indicator: actuals, the straight line from baseline to target, and the
projection. As inline SVG for HTML (no scripts, no external files) and as text bars for a
terminal or Markdown."""

from __future__ import annotations

from datetime import date
from html import escape

from rich.cells import cell_len

from ipcity.status.briefing import Chart, Point
from ipcity.base.units import DisplayUnit, display_unit

WIDTH, HEIGHT = 560, 190
LEFT, RIGHT, TOP, BOTTOM = 64, 70, 12, 30
ACTUAL, PLAN, PROJECTION, TARGET = "#1f5fa8", "#8a8a8a", "#d9822b", "#2e7d32"


def chart_unit(chart: Chart) -> DisplayUnit:
    magnitude = next((v for v in (chart.target, *(p.value for p in chart.actual)) if v), None)
    return display_unit(chart.unit, magnitude, fractional=chart.kind in ("ratio", "survey"))


def _all_points(chart: Chart) -> list[Point]:
    return chart.actual + chart.plan_line + chart.projection


def value_range(chart: Chart) -> tuple[float, float]:
    values = [p.value for p in _all_points(chart)] + ([chart.target] if chart.target is not None else [])
    if not values:
        return 0.0, 1.0
    low, high = min(values), max(values)
    # a flow starts from nothing; a stock from a little below its lowest figure
    low = min(0.0, low) if chart.kind == "flow" or low <= 0 else max(0.0, low - 0.15 * (high - low or abs(high) or 1))
    if high - low <= 0:
        high = low + (abs(low) or 1)
    return low, high


def plan_value(chart: Chart, day: date) -> float | None:
    """The straight line from baseline to target at `day` (None outside it)."""
    if len(chart.plan_line) != 2:
        return None
    start, end = chart.plan_line
    if not start.day <= day <= end.day or end.day == start.day:
        return None
    share = (day - start.day).days / (end.day - start.day).days
    return start.value + share * (end.value - start.value)


# --- SVG --------------------------------------------------------------------------------


def svg_chart(chart: Chart) -> str:
    points = _all_points(chart)
    unit = chart_unit(chart)
    from ipcity.base.i18n import _

    label = escape(_("{name}: actual, plan line and projection").format(name=chart.name))
    if not points:
        return (f'<svg class="chart" viewBox="0 0 {WIDTH} 40" role="img" aria-label="{label}" '
                f'xmlns="http://www.w3.org/2000/svg"><text x="{LEFT}" y="24" class="empty">{escape(_("no figures yet"))}'
                '</text></svg>')
    days = [p.day.toordinal() for p in points]
    first, last = min(days), max(days)
    if last == first:
        first, last = first - 30, last + 30
    low, high = value_range(chart)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: date) -> float:
        return LEFT + (day.toordinal() - first) / (last - first) * plot_w

    def y(value: float) -> float:
        return TOP + (1 - (value - low) / (high - low)) * plot_h

    def path(items: list[Point]) -> str:
        return " ".join(f"{x(p.day):.1f},{y(p.value):.1f}" for p in items)

    parts = [(f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{label}" '
              f'xmlns="http://www.w3.org/2000/svg" font-size="11">')]
    for value in (low, (low + high) / 2, high):
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value):.1f}" y2="{y(value):.1f}" stroke="#e4e4e4"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end" fill="#555">'
                     f'{escape(unit.format(value))}</text>')
    parts.append(f'<line x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{TOP + plot_h}" stroke="#999"/>')
    if chart.target is not None:
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(chart.target):.1f}" y2="{y(chart.target):.1f}" '
                     f'stroke="{TARGET}" stroke-width="1"/>')
        parts.append(f'<text x="{WIDTH - RIGHT + 4}" y="{y(chart.target) + 4:.1f}" fill="{TARGET}">目标 '
                     f'{escape(unit.format(chart.target))}</text>')
    if chart.plan_line:
        parts.append(f'<polyline points="{path(chart.plan_line)}" fill="none" stroke="{PLAN}" stroke-width="1.5" '
                     f'stroke-dasharray="6 4"/>')
    if chart.projection:
        parts.append(f'<polyline points="{path(chart.projection)}" fill="none" stroke="{PROJECTION}" stroke-width="2" '
                     f'stroke-dasharray="2 3"/>')
        end = chart.projection[-1]
        parts.append(f'<circle cx="{x(end.day):.1f}" cy="{y(end.value):.1f}" r="3" fill="none" stroke="{PROJECTION}"/>')
    if chart.actual:
        if len(chart.actual) > 1:
            parts.append(f'<polyline points="{path(chart.actual)}" fill="none" stroke="{ACTUAL}" stroke-width="2"/>')
        for p in chart.actual:
            parts.append(f'<circle cx="{x(p.day):.1f}" cy="{y(p.value):.1f}" r="3" fill="{ACTUAL}">'
                         f'<title>{escape(p.label)}: {escape(unit.format(p.value))}</title></circle>')
    axis_y = TOP + plot_h + 16
    parts.append(f'<text x="{LEFT}" y="{axis_y}" fill="#555">{escape(date.fromordinal(first).isoformat())}</text>')
    parts.append(f'<text x="{WIDTH - RIGHT}" y="{axis_y}" text-anchor="end" fill="#555">'
                 f'{escape(date.fromordinal(last).isoformat())}</text>')
    parts.append("</svg>")
    return "".join(parts)


LEGEND_HTML = (f'<span style="color:{ACTUAL}">● 实际 actual</span> · <span style="color:{PLAN}">- - 计划线 '
               f'baseline→target</span> · <span style="color:{PROJECTION}">··· 预计 projection</span> · '
               f'<span style="color:{TARGET}">— 目标 target</span>')


# --- text -------------------------------------------------------------------------------

BAR_WIDTH = 30


def text_chart(chart: Chart) -> list[str]:
    """One line per actual figure and one for the projection: a bar, and where the straight
    line from baseline to target stood at that date (┆)."""
    unit = chart_unit(chart)
    low, high = value_range(chart)

    def cells(value: float) -> int:
        return max(0, min(BAR_WIDTH, round((value - low) / (high - low) * BAR_WIDTH)))

    rows: list[tuple[str, float, str, float | None]] = [(p.label, p.value, "█", plan_value(chart, p.day)) for p in chart.actual]
    if chart.projection:
        end = chart.projection[-1]
        rows.append((f"{end.label} 预计", end.value, "▒", chart.target))
    if not rows:
        from ipcity.base.i18n import _

        return [f"({_('no figures yet')})"]
    label_width = max(cell_len(r[0]) for r in rows)
    value_width = max(len(unit.format(r[1])) for r in rows)
    lines = []
    for label, value, mark, planned in rows:
        bar = list(mark * cells(value) + " " * (BAR_WIDTH - cells(value)))
        note = ""
        if planned is not None:
            bar[min(BAR_WIDTH - 1, cells(planned))] = "┆"
            note = f"  {'目标' if mark == '▒' else '计划'} {unit.format(planned)}"
        padding = " " * (label_width - cell_len(label))
        lines.append(f"{label}{padding}  {unit.format(value):>{value_width}} {''.join(bar)}{note}".rstrip())
    return lines
