"""Every word a renderer shows for a state, in one place: status classes (with the symbol
that keeps them readable without colour), task, milestone and work states, and the
briefing's titles and headings."""

from __future__ import annotations

# status -> (symbol, Chinese label, Rich style), best class first as in engine.CLASS_ORDER.
STATUS_STYLE = {
    "achieved": ("✔", "已达成", "bold green"),
    "on_track": ("●", "正常", "green"),
    "moderate": ("◐", "偏慢", "yellow"),
    "limited": ("▽", "滞后", "dark_orange"),
    "deterioration": ("✖", "倒退", "bold red"),
    "missed": ("✘", "未达成", "bold red"),
    "no_data": ("○", "无数据", "dim"),
    "no_baseline": ("◇", "无基期", "cyan"),
    "no_target": ("·", "无目标", "dim"),
}
STALE_MARK = "⚠"  # the latest figure is older than the reporting frequency allows
LATE_MARK = "迟报"  # the figure judged after the deadline was entered after it

TASK_LABELS = {"not_started": "○ 未开始", "in_progress": "◐ 进行中", "done": "✔ 已完成", "blocked": "✖ 受阻"}
MILESTONE_LABELS = {"done": "✔ 已完成", "pending": "○ 未到期", "overdue": "✖ 逾期"}
WORK_KINDS = {"task": "任务", "milestone": "里程碑"}
WORK_STATES = {"pending": "进行中", "overdue": "逾期", "done": "已完成", None: "—"}
MOVES = {"up": "↑", "down": "↓", "changed": "", "same": ""}

BRIEFING_TITLE = "月度简报"
REPORT_TITLES = {"month": BRIEFING_TITLE, "quarter": "季度报告", "half": "半年报告", "year": "年度报告"}
PERIOD_CHANGES = "五、本期变化"
SECTIONS = {
    "status": "一、指标状态",
    "charts": "二、指标走势（实际、基期到目标的直线、预计）",
    "work": "三、逾期任务和里程碑（按牵头单位）",
    "missing": "四、缺报和过期数据",
    "changes": "五、较上次快照的变化",
    "figures": "附：所用数据及来源",
}
NO_UNIT = "未指定牵头单位"
MISSING_STATES = {"missing": "未报", "stale": "过期", "ok": "—"}
MISSING_HEADERS = ("指标", "最新期间", "本级", "未报的下级", "过期的下级", "上次报送单位")
WORK_HEADERS = ("牵头单位", "逾期任务", "逾期里程碑", "最早期限")
FIGURE_HEADERS = ("指标", "期间", "数值", "单位", "来源", "备注", "录入人")
PLAN_ONLY = "按方案期限判断；完成情况尚未登记 (judged by the plan's due dates; completion is not recorded yet)"


def status_text(status: str, stale: bool = False, late: bool = False) -> str:
    symbol, label, _ = STATUS_STYLE[status]
    return f"{symbol} {label}" + (f" {STALE_MARK}" if stale else "") + (f" {LATE_MARK}" if late else "")


def basis_text(snapshot_taken_at, known_at, kind: str = "month") -> str:
    """Which figures a briefing shows: a month's snapshot, the database at a past moment, or live."""
    from ipcity.base.i18n import _

    if snapshot_taken_at is not None:
        wording = ("from the month's snapshot taken {at} (--live for today's figures)" if kind == "month"
                   else "from the snapshot taken {at} (--live for today's figures)")
        return _(wording).format(
            at=f"{snapshot_taken_at.astimezone():%Y-%m-%d %H:%M}")
    if known_at is not None:
        return _("as the database stood at {at}").format(at=f"{known_at.astimezone():%Y-%m-%d %H:%M}")
    return _("live figures")


def briefing_line(region: str, as_of, snapshot_taken_at, known_at, kind: str = "month") -> str:
    """The line under a briefing's title: region · as of · which figures."""
    from ipcity.base.i18n import _

    return f"{region} · {_('as of {day}').format(day=as_of)} · {basis_text(snapshot_taken_at, known_at, kind)}"
