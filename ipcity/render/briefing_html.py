"""The monthly briefing as one self-contained HTML file: inline CSS and SVG, no scripts,
no external files, and a Content-Security-Policy that forbids both. Laid out for A4 print.
Every text that is not ours (names from the plan, sources, notes) passes through `escape`."""

from __future__ import annotations

from html import escape

from ipcity.base.i18n import _
from ipcity.render.briefing_md import (
    change_lines,
    changes_heading,
    chart_title,
    figure_cells,
    missing_cells,
    report_title,
    work_rows,
)
from ipcity.render.cells import (
    HEADERS,
    common_periods,
    figure_columns,
    headers,
    row_cells,
)
from ipcity.render.charts import LEGEND_HTML, svg_chart
from ipcity.render.labels import (
    FIGURE_HEADERS,
    MISSING_HEADERS,
    PLAN_ONLY,
    SECTIONS,
    STATUS_STYLE,
    WORK_HEADERS,
    briefing_line,
)
from ipcity.status.briefing import Briefing

POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
COLOURS = {"achieved": "#1b7a2f", "on_track": "#2e7d32", "moderate": "#a66f00", "limited": "#c4560c",
           "deterioration": "#b71c1c", "missed": "#7f0000", "no_data": "#777", "no_baseline": "#00707a"}
NUMERIC = figure_columns(len(HEADERS))

CSS = """
@page { size: A4; margin: 14mm 12mm 16mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei",
       "WenQuanYi Micro Hei", sans-serif;
       font-size: 10pt; line-height: 1.45; color: #1a1a1a; margin: 0 auto; max-width: 190mm; padding: 8mm 0; }
h1 { font-size: 16pt; margin: 0 0 2pt; }
h2 { font-size: 12pt; margin: 14pt 0 5pt; padding-bottom: 2pt; border-bottom: 1.5pt solid #1f5fa8;
     break-after: avoid; page-break-after: avoid; }
.meta { color: #555; margin: 0 0 6pt; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; break-inside: auto; }
th, td { border: 0.5pt solid #bbb; padding: 2pt 4pt; vertical-align: top; }
th { background: #eef2f7; text-align: left; font-weight: 600; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr { break-inside: avoid; page-break-inside: avoid; }
.status td.st { white-space: nowrap; font-weight: 600; }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 6pt 10pt; }
figure { margin: 0; break-inside: avoid; page-break-inside: avoid; border: 0.5pt solid #ddd; padding: 4pt; }
figcaption { font-size: 9pt; font-weight: 600; margin-bottom: 2pt; }
svg.chart { width: 100%; height: auto; display: block; }
.legend { font-size: 8.5pt; margin: 0 0 5pt; }
.note { color: #555; font-size: 8.5pt; }
ul { margin: 0; padding-left: 14pt; }
footer { margin-top: 14pt; color: #777; font-size: 8pt; }
"""


def _table(names, rows, numeric=frozenset(), css: str = "", status_col: int | None = None, statuses=()) -> str:
    head = "".join(f"<th>{escape(n)}</th>" for n in names)
    body = []
    for index, row in enumerate(rows):
        cells = []
        for col, text in enumerate(row):
            if col == status_col:
                colour = COLOURS.get(statuses[index], "#333")
                cells.append(f'<td class="st" style="color:{colour}">{escape(text)}</td>')
            else:
                cells.append(f'<td class="num">{escape(text)}</td>' if col in numeric else f"<td>{escape(text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f'<table class="{css}"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def briefing_html(briefing: Briefing) -> str:
    status = briefing.status
    title = report_title(briefing)
    periods = common_periods(status.rows)
    meta = briefing_line(status.region, briefing.as_of, briefing.snapshot_taken_at, briefing.known_at,
                         briefing.period.kind)
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>",
        f"<header><h1>{escape(title)}</h1>",
        f'<p class="meta">{escape(meta)}</p></header>',
        f"<section><h2>{escape(SECTIONS['status'])}</h2>",
        _table(headers(status.rows), [row_cells(r, periods) for r in status.rows], NUMERIC, "status", 11,
               [r.assessment.status for r in status.rows]),
        f'<p>{escape(status.summary())}.</p></section>',
        f"<section><h2>{escape(SECTIONS['charts'])}</h2><p class=\"legend\">{LEGEND_HTML}</p><div class=\"charts\">",
    ]
    for chart in briefing.charts:
        colour = COLOURS.get(chart.status, "#333")
        out.append(f'<figure><figcaption style="color:{colour}">{escape(chart_title(chart))}</figcaption>'
                   f"{svg_chart(chart)}</figure>")
    out.append("</div></section>")
    out.append(f"<section><h2>{escape(SECTIONS['work'])}</h2>")
    work = work_rows(briefing)
    if briefing.work is None:
        out.append("<p>" + _("the plan has no tasks or milestones") + "</p>")
    elif not work:
        out.append("<p>" + _("nothing overdue") + "</p>")
    else:
        out.append(_table(WORK_HEADERS, [(u, tasks, milestones, due.isoformat()) for u, tasks, milestones, due in work]))
    if briefing.work is not None and briefing.work.source == "plan":
        out.append(f'<p class="note">{escape(PLAN_ONLY)}</p>')
    out.append(f"</section><section><h2>{escape(SECTIONS['missing'])}</h2>")
    if briefing.missing:
        out.append(_table(MISSING_HEADERS, [missing_cells(m) for m in briefing.missing]))
    else:
        out.append("<p>" + _("every figure is in and up to date") + "</p>")
    out.append(f"</section><section><h2>{escape(changes_heading(briefing))}</h2><ul>")
    out += [f"<li>{escape(line)}</li>" for line in change_lines(briefing)]
    out.append(f"</ul></section><section><h2>{escape(SECTIONS['figures'])}</h2>")
    if briefing.figures:
        out.append(_table(FIGURE_HEADERS, [figure_cells(f) for f in briefing.figures], {2}))
    else:
        out.append("<p>" + _("no figures recorded") + "</p>")
    legend = " · ".join(f"{symbol} {label}" for symbol, label, _ in STATUS_STYLE.values())
    out.append(f"</section><footer>{escape(legend)} · ⚠ 数据过期 stale · 迟报 entered after the deadline"
               "</footer></body></html>")
    return "\n".join(out) + "\n"
