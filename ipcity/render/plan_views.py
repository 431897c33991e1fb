"""`ipcity indicators`: the plan's indicators with unit, kind, baseline and target, in the
units people read (亿元, 万人)."""

from __future__ import annotations

from ipcity.plan.model import Plan
from ipcity.render.formats import Column, View
from ipcity.base.units import display_unit

CSV_FIELDS = ("key", "name", "kind", "unit", "frequency", "baseline", "baseline_period", "target", "target_type",
              "target_period")


def indicators_view(plan: Plan) -> View:
    rows = []
    for ind in plan.indicators:
        t, b = ind.target, ind.baseline
        magnitude = (t.threshold if t else None) or (b.value if b else None)
        unit = display_unit(ind.unit, magnitude, fractional=ind.kind in ("ratio", "survey"))
        target = "—"
        if t is not None:
            target = {"range": f"{unit.format(t.min)}–{unit.format(t.max)}", "improve": "提升"}.get(t.type, unit.format(t.value))
            target = ("≥" if t.type == "floor" else "") + f"{target} ({t.period})"
        rows.append({
            "key": ind.key, "name": ind.name, "kind": ind.kind, "unit": ind.unit, "display_unit": unit.label,
            "frequency": ind.frequency, "range": list(ind.range) if ind.range else None,
            "reported_as": ind.reported_as,
            "baseline": b.value if b else None, "baseline_period": str(b.period) if b else None,
            "target": t.threshold if t else None, "target_type": t.type if t else None,
            "target_period": str(t.period) if t else None,
            "_baseline": f"{unit.format(b.value)} ({b.period})" if b else "—", "_target": target,
        })
    headers = ("key", "指标", "kind", "单位", "基期值", "目标")
    return View(
        [Column(h, no_wrap=i == 0) for i, h in enumerate(headers)],  # a key is typed: never broken
        [[r["key"], r["name"], r["kind"], r["display_unit"], r["_baseline"], r["_target"]] for r in rows],
        document=[{k: v for k, v in r.items() if not k.startswith("_")} for r in rows],
        csv_header=list(CSV_FIELDS), csv_rows=[[r[k] for k in CSV_FIELDS] for r in rows],
    )
