"""The Chinese catalog: each English msgid of the code (help texts, messages, headings)
and its Chinese text. Keep the msgids exactly as the code writes them; tests check that
every command's help is here."""

from __future__ import annotations

CATALOG = {
    # --- punctuation and the frame of every message
    ", ": "、",
    "; ": "；",
    "{message}; {hint}": "{message}；{hint}",
    "ipcity: error: {text}": "ipcity：错误：{text}",
    # --- status
    "{good} of {judged} on track or achieved": "{judged} 项中 {good} 项正常或已达成",
    "{count} needs attention ({detail})": "{count} 项需关注（{detail}）",
    "{count} need attention ({detail})": "{count} 项需关注（{detail}）",
    "{count} without data": "{count} 项无数据",
    "{count} without a baseline": "{count} 项无基期",
    "{count} without a target for {region}": "{count} 项{region}无自身目标",
    "{count} stale": "{count} 项数据过期",
    "moderate": "偏慢",
    "limited": "滞后",
    "deterioration": "倒退",
    "missed": "未达成",
    "as of {day}": "截至 {day}",
    "from the month's snapshot taken {at} (--live for today's figures)": "据 {at} 的月度快照（--live 查看当前数据）",
    "as the database stood at {at}": "据 {at} 时的数据库",
    "live figures": "实时数据",
    "no figures yet": "尚无数据",
    "{name}: actual, plan line and projection": "{name}：实际值、计划线和预计",
    "today, {day}": "今天，{day}",
    "(too narrow for: {columns}; widen the terminal or use --format md)":
        "（终端太窄，未显示：{columns}；请加宽终端或使用 --format md）",
    # --- messages: a template's {names} take the values of the English message
    # figures and units
    "'{raw}' is not a number": "“{raw}”不是数字",
    "commas may only group thousands, as in 3,600 or 1,234,567": "逗号只能用作千位分隔，如 3,600 或 1,234,567",
    "write it like 3600, 3,600, 6.8万 or 6.8万{unit}": "请写成 3600、3,600、6.8万 或 6.8万{unit}",
    "write it like 3600 or 6.8万": "请写成 3600 或 6.8万",
    "'{raw}' has an unknown unit '{suffix}'": "“{raw}”的单位“{suffix}”无法识别",
    "this indicator is counted in {unit}: write e.g. 6.8万{unit} or a plain number": "该指标以{unit}计：请写成如 6.8万{unit} 或不带单位的数字",
    "'{raw}' is in {suffix}, but this indicator is counted in {unit}": "“{raw}”的单位是{suffix}，但该指标以{unit}计",
    "write the figure in {unit} (for example 1亿{unit}, 300万{unit} or a plain number)": "请以{unit}填写（如 1亿{unit}、300万{unit} 或不带单位的数字）",
    "'{raw}' is negative": "“{raw}”是负数",
    "counts and amounts cannot be below zero": "数量和金额不能小于零",
    "'{raw}' is too large to be a city's figure": "“{raw}”太大，不可能是一个城市的数据",
    "check the digits and the unit ({unit})": "请检查数字和单位（{unit}）",
    "'{raw}' has no unit, and {name} is an amount of money": "“{raw}”没有单位，而{name}是金额",
    "write {raw}亿元 or {raw}万元 (or 元 if you mean yuan); a plan may declare input_unit for plain numbers": "是 {raw}亿元 还是 {raw}万元？请写明单位（确指“元”时写明“元”）；方案也可为该指标声明 input_unit",
    "an amount of money without a unit (is it {value}亿元 or {other}万元?)": "金额没有单位（是 {value}亿元 还是 {other}万元？）",
    "write the unit in the cell (2.35亿元), in a 单位 column, in the header (数值（亿元）) or give --unit 亿元": "请在单元格中写明单位（2.35亿元），或加“单位”列、在表头写明（数值（亿元）），或使用 --unit 亿元",
    "unknown unit '{unit}' for --unit": "--unit 的单位“{unit}”无法识别",
    "use 亿元, 万元 or 元 for money, or a count's unit such as 件": "金额请用 亿元、万元 或 元，数量请用其单位，如 件",
    "warning: {figure} is {times} times the target {target}; if the unit is wrong, record it again with --correct": "警告：{figure} 是目标 {target} 的 {times} 倍；如果单位有误，请用 --correct 重新录入",
    "warning: {figure} is 1/{times} of the target {target}; if the unit is wrong, record it again with --correct": "警告：{figure} 只有目标 {target} 的 1/{times}；如果单位有误，请用 --correct 重新录入",
    # periods and dates
    "bad period '{raw}'": "期间“{raw}”无法识别",
    "write a year (2024), a quarter (2024Q2) or a month (2024-06)": "请写年份（2024）、季度（2024Q2）或月份（2024-06）",
    "bad period '{raw}': year {year} is out of range": "期间“{raw}”：年份 {year} 超出范围",
    "use a year between 1900 and 2200": "请使用 1900 到 2200 之间的年份",
    "'{raw}' is not a date": "“{raw}”不是日期",
    "write it as YYYY-MM-DD (2024-03-31), or a period such as 2024Q1 or 2024-03": "请写成 YYYY-MM-DD（2024-03-31），或 2024Q1、2024-03 这样的期间",
    "period {period} has not started yet": "期间 {period} 尚未开始",
    "check the year; figures are for past periods": "请检查年份；数据只能录入已经开始的期间",
    "snapshots are monthly: '{text}' is not a month": "快照按月生成：“{text}”不是月份",
    "write the month as YYYY-MM, e.g. 2024-06": "请把月份写成 YYYY-MM，如 2024-06",
    "{day} is in the future": "{day} 是将来的日期",
    "{day} is before the plan began ({start})": "{day} 早于方案开始日期（{start}）",
    "give the day {what} happened (today or earlier)": "请给出实际发生的日期（今天或更早）",
    "give the day {what} happened": "请给出实际发生的日期",
    "give the date the milestone was reached": "请给出里程碑达成的日期",
    "mark a milestone done once it is reached": "里程碑达成后再标记完成",
    # keys, regions, units of the plan
    "unknown indicator '{key}'": "没有指标“{key}”",
    "did you mean '{guess}'? Run `ipcity indicators` to list the keys": "是不是“{guess}”？运行 `ipcity indicators` 查看全部指标",
    "Run `ipcity indicators` to list the keys": "运行 `ipcity indicators` 查看全部指标",
    "unknown region '{name}'": "没有地区“{name}”",
    "did you mean '{guess}'? the plan's regions are: {names}": "是不是“{guess}”？方案中的地区有：{names}",
    "the plan's regions are: {names}": "方案中的地区有：{names}",
    "unknown unit '{name}'": "没有单位“{name}”",
    "did you mean '{guess}'? run `ipcity units` to list the lead units": "是不是“{guess}”？运行 `ipcity units` 查看全部牵头单位",
    "run `ipcity units` to list the lead units": "运行 `ipcity units` 查看全部牵头单位",
    "{key} is computed, not recorded": "{key} 由其他指标计算得出，不能直接录入",
    "{where}{key} is computed, not recorded": "{where}{key} 由其他指标计算得出，不能直接录入",
    "{key} counts the milestones marked done": "{key} 统计已标记完成的里程碑",
    "mark each one with `ipcity milestone done KEY --date D` (see `ipcity milestones`)": "请用 `ipcity milestone done 代码 --date 日期` 逐个标记（见 `ipcity milestones`）",
    # recording
    "added: {what}": "已录入：{what}",
    "corrected: {what}": "已更正：{what}",
    "would be added: {what}": "将录入：{what}",
    "would be corrected: {what}": "将更正：{what}",
    "already recorded: {what}; nothing changed": "已录入过：{what}；没有变化",
    "{key} for {region} {period} is already {value} (recorded {when})": "{key} {region} {period} 已录入 {value}（{when} 录入）",
    "{key} for {region} {period} is already {value} (recorded {when} by {who})": "{key} {region} {period} 已录入 {value}（{who} 于 {when} 录入）",
    "{key} for {region} {period} is already {value} (recorded {when} by {who}, source: {source})": "{key} {region} {period} 已录入 {value}（{who} 于 {when} 录入，来源：{source}）",
    "to replace it, run the same command with --correct; the old value stays in the history": "如需替换，请加 --correct 重新运行；旧值保留在历史中",
    "no value given for {key}": "{key} 没有给出数值",
    "write e.g. ipcity record {key} 3600 --period 2024": "请写成如 ipcity record {key} 3600 --period 2024",
    "'{word}' has no value": "“{word}”没有数值",
    "give figures as KEY VALUE pairs": "请按“指标 数值”成对给出",
    "{where}{key} {region} is given twice (first {first})": "{where}{key} {region} 给出了两次（第一次在 {first}）",
    "give each figure once": "每个数据只给一次",
    "no figures on stdin": "标准输入中没有数据",
    "write one figure a line: KEY VALUE [REGION]": "每行写一个数据：指标 数值 [地区]",
    "stdin line {number}: '{line}' is not KEY VALUE [REGION]": "标准输入第 {number} 行：“{line}”不是“指标 数值 [地区]”",
    "write one figure a line, e.g. invention_patents 3400 长葛市": "每行写一个数据，如 invention_patents 3400 长葛市",
    "with - the figures come from stdin": "使用 - 时数据从标准输入读取",
    "give no KEY VALUE arguments as well": "不要再同时给出“指标 数值”参数",
    "retracted: {what}; kept in the history (`ipcity history {key}`)": "已撤回：{what}；保留在历史中（`ipcity history {key}`）",
    "would be retracted: {what}": "将撤回：{what}",
    "no figure for {key} {region} {period} to retract": "{key} {region} {period} 没有可撤回的数据",
    "see `ipcity history {key} --region {region}`": "请查看 `ipcity history {key} --region {region}`",
    "no figures recorded for {key} in {region} yet": "{region} 还没有录入 {key} 的数据",
    # import and export
    "imported {file}: {added} added, {corrected} corrected, {unchanged} unchanged": "已导入 {file}：新增 {added} 条，更正 {corrected} 条，未变 {unchanged} 条",
    "{file}: nothing new ({added} added, {corrected} corrected, {unchanged} unchanged)": "{file}：没有新数据（新增 {added} 条，更正 {corrected} 条，未变 {unchanged} 条）",
    "{file}: {count} bad rows; nothing was imported": "{file}：{count} 行有错误；没有导入任何数据",
    "{file}: 1 bad row; nothing was imported": "{file}：1 行有错误；没有导入任何数据",
    "fix the rows above and import the file again": "请修改上面列出的行后重新导入",
    "{file}: row {row}, {column} '{value}': {reason}": "{file}：第 {row} 行，{column}“{value}”：{reason}",
    "{file}: ... and {count} more bad rows like these": "{file}：……另有 {count} 行类似错误",
    "{path} does not exist": "{path} 不存在",
    "plan folder {path} does not exist": "方案文件夹 {path} 不存在",
    "pass --plan DIR with targets.yaml and tasks.yaml": "请用 --plan 指定含有 targets.yaml 和 tasks.yaml 的文件夹",
    # year-to-date (累计) figures
    "the year-to-date (累计) figure {value} for {period} is lower than {previous} for {earlier}":
        "{period} 的累计数 {value} 低于 {earlier} 的 {previous}",
    "{key} {region} the year-to-date (累计) figure {value} for {period} is lower than {previous} for {earlier}":
        "{key} {region} {period} 的累计数 {value} 低于 {earlier} 的 {previous}",
    "the year-to-date (累计) figure {value} for {period} is higher than {following} for {later}":
        "{period} 的累计数 {value} 高于 {later} 的 {following}",
    "{key} {region} the year-to-date (累计) figure {value} for {period} is higher than {following} for {later}":
        "{key} {region} {period} 的累计数 {value} 高于 {later} 的 {following}",
    "a year-to-date total cannot fall": "年初至今的累计数不会下降",
    "check both figures": "请核对这两个数据",
    "correct the wrong one with --correct": "用 --correct 更正有误的那个",
    "{span}: {amount} after {previous} to {period}": "{span}：{amount}（此前累计至 {period} 为 {previous}）",
    "check the file name": "请检查文件名",
    "an .xlsx export needs a file": "导出 .xlsx 需要指定文件",
    "add -o FILE.xlsx": "请加 -o 文件.xlsx",
    "wrote {path}": "已写入 {path}",
    "wrote {path}: fill one row per figure, then `ipcity import {name}`": "已写入 {path}：每行填一个数据，然后运行 `ipcity import {name}`",
    # the database
    "no database at {path}": "{path} 处没有数据库",
    "run `ipcity init` to create it, or point --db / IPCITY_DB at an existing file": "请运行 `ipcity init` 创建，或用 --db / IPCITY_DB 指向已有的文件",
    "the database {path} is busy (another ipcity is writing to it)": "数据库 {path} 正忙（另一个 ipcity 正在写入）",
    "try again in a moment": "请稍后再试",
    "no plan is loaded in {path}": "{path} 中还没有加载方案",
    "run `ipcity init` to load it": "请运行 `ipcity init` 加载",
    "{path} is not an SQLite database": "{path} 不是 SQLite 数据库",
    "pass --db with an ipcity database, or a new file name": "请用 --db 指定 ipcity 数据库或新的文件名",
    # tasks and milestones
    "unknown status '{status}'": "没有状态“{status}”",
    "use one of not_started (未开始), in_progress (进行中), done (已完成), blocked (受阻)": "请使用 not_started（未开始）、in_progress（进行中）、done（已完成）或 blocked（受阻）",
    "unknown task '{text}'": "没有任务“{text}”",
    "nothing to update": "没有要更新的内容",
    "give --status, --count, --note or --evidence": "请给出 --status、--count、--note 或 --evidence",
    "task {ref} updated": "任务 {ref} 已更新",
    "task {ref} updated: {status}": "任务 {ref} 已更新：{status}",
    "task {ref} updated (dated {day})": "任务 {ref} 已更新（日期 {day}）",
    "task {ref} updated: {status} (dated {day})": "任务 {ref} 已更新：{status}（日期 {day}）",
    "task {ref} is not done by its own measure: {reasons}": "按任务自身的子目标，任务 {ref} 尚未完成：{reasons}",
    "update the counts with --count, or add --force to mark it done anyway": "请用 --count 更新数量，或加 --force 强制标记完成",
    "unknown milestone '{key}'": "没有里程碑“{key}”",
    "milestone {key} done on {day}": "里程碑 {key} 于 {day} 完成",
    "milestone {key} done on {day} (was {was}; kept in the log)": "里程碑 {key} 于 {day} 完成（原为 {was}；保留在日志中）",
    "milestone {key} is already done on {day}; nothing changed": "里程碑 {key} 已于 {day} 完成；没有变化",
    "milestone {key} is already done on {day}": "里程碑 {key} 已于 {day} 完成",
    "to change the date to {day}, run the same command with --correct": "如需把日期改为 {day}，请加 --correct 重新运行",
    # snapshots, plan, report, import rows
    "snapshot {period} already taken {when} by {who} (as of {day}); nothing changed (--refresh replaces it)":
        "{period} 的快照已由 {who} 于 {when} 生成（截至 {day}）；没有变化（--refresh 可替换）",
    "snapshot {period} already taken {when} (as of {day}); nothing changed (--refresh replaces it)":
        "{period} 的快照已于 {when} 生成（截至 {day}）；没有变化（--refresh 可替换）",
    "snapshot {period} taken (as of {day}): {summary}": "已生成 {period} 的快照（截至 {day}）：{summary}",
    "snapshot {period} refreshed (as of {day}): {summary}; the one of {when} is kept in the history":
        "已更新 {period} 的快照（截至 {day}）：{summary}；{when} 生成的快照保留在历史中",
    "no snapshots yet; `ipcity snapshot` takes the one of the month that just ended":
        "还没有快照；`ipcity snapshot` 会生成刚结束月份的快照",
    "plan loaded: {i} indicators, {r} regions, {m} milestones, {t} tasks, {s} safeguards, {u} lead units":
        "已加载方案：指标 {i} 个、地区 {r} 个、里程碑 {m} 个、重点任务 {t} 项、保障措施 {s} 项、牵头单位 {u} 个",
    "the plan is already loaded; nothing changed": "方案已经加载；没有变化",
    "database: {path}": "数据库：{path}",
    "report {period} ({format}) written to {path}": "{period} 月度简报（{format}）已写入 {path}",
    "unknown region": "没有该地区",
    "the plan's regions are {names}": "方案中的地区有：{names}",
    "looks like a spreadsheet formula": "像是表格公式",
    "ipcity takes plain values": "ipcity 只接受数值",
    "is a formula": "是公式",
    "paste the value instead": "请粘贴数值",
    "corrected: {what} (was {old}; kept in the history)": "已更正：{what}（原为 {old}；保留在历史中）",
    "would be corrected: {what} (was {old}; kept in the history)": "将更正：{what}（原为 {old}；保留在历史中）",
    "{key} is {count}, the plan asks for {wanted} ({text})": "{key} 为 {count}，方案要求 {wanted}（{text}）",
    # briefing, history, log, tasks
    "the plan has no tasks or milestones": "方案中没有任务或里程碑",
    "nothing overdue": "没有逾期事项",
    "every figure is in and up to date": "所有数据均已报送且未过期",
    "no figures recorded": "尚未录入数据",
    "no earlier snapshot to compare with": "没有更早的快照可供比较",
    "the snapshot of {month} has no figures for {region}": "{month} 的快照中没有{region}的数据",
    "nothing changed": "没有变化",
    "snapshots": "月度快照",
    "(no updates yet)": "（尚无更新）",
    "monthly snapshots: {spark}  {marks}": "月度快照：{spark}  {marks}",
    "trend: {spark}  ({span}, {count} periods)": "走势：{spark}  （{span}，{count} 个期间）",
    "change: record": "录入",
    "change: correct": "更正",
    "change: retract": "撤回",
    "change: import": "导入",
    "change: plan": "方案",
    "change: snapshot": "快照",
    "change: task": "任务",
    "change: milestone": "里程碑",
    "snapshot {period} as of {day}": "{period} 的快照，截至 {day}",
    "snapshot {period} as of {day} (refresh)": "{period} 的快照，截至 {day}（更新）",
    "task {ref} → {status}": "任务 {ref} → {status}",
    "{what} retracted: {reason}": "{what} 已撤回：{reason}",
    "{what} retracted": "{what} 已撤回",
    "imported {file}: {totals}": "已导入 {file}：{totals}",
    # more: periods, units, files, the database, snapshots, reports
    "write a year (2024), a half-year (2024H1), a quarter (2024Q2) or a month (2024-06)":
        "请写年份（2024）、半年（2024H1）、季度（2024Q2）或月份（2024-06）",
    "write it as YYYY-MM-DD (2024-03-31), or a period such as 2024H1, 2024Q1 or 2024-03":
        "请写成 YYYY-MM-DD（2024-03-31），或 2024H1、2024Q1、2024-03 这样的期间",
    "'{raw}' is not a date or time": "“{raw}”不是日期或时间",
    "write it as YYYY-MM-DD HH:MM (2024-12-31 18:00), optionally with an offset (+08:00), or a date":
        "请写成 YYYY-MM-DD HH:MM（2024-12-31 18:00），可带时区（+08:00），或只写日期",
    "counts, amounts, rates and durations cannot be below zero": "数量、金额、比率和时长不能小于零",
    "'{raw}' cannot be scaled: {unit} is written as a plain number": "“{raw}”不能带万、亿：{unit} 只写数字",
    "write it like {example}": "请写成 {example}",
    "this indicator is counted in {unit}: write e.g. {example} or a plain number": "该指标以{unit}计：请写成如 {example} 或不带单位的数字",
    "write the figure in {unit} (for example {example} or a plain number)": "请以{unit}填写（如 {example} 或不带单位的数字）",
    "'{raw}' is outside the range {range} declared for this indicator": "“{raw}”超出该指标规定的范围 {range}",
    "check the figure; it is counted in {unit}": "请检查数字；该指标以{unit}计",
    "write it like 3600, 3,600, {example} or a plain number": "请写成 3600、3,600、{example} 或不带单位的数字",
    "--as-of {day} is before the month {month}": "--as-of {day} 早于月份 {month}",
    "use a date on or after {day}": "请使用 {day} 或之后的日期",
    "{path} is a folder": "{path} 是文件夹",
    "pass -o with a file name, e.g. -o report.html": "请用 -o 指定文件名，如 -o report.html",
    "an xlsx workbook cannot be shown in a terminal": "xlsx 工作簿不能在终端中显示",
    "pass -o report.xlsx": "请加 -o report.xlsx",
    "{path} is a folder, not a database file": "{path} 是文件夹，不是数据库文件",
    "pass --db with a file name, e.g. --db ipcity.db": "请用 --db 指定文件名，如 --db ipcity.db",
    "cannot write to {path}: the file is read-only": "无法写入 {path}：文件是只读的",
    "check its permissions, or pass --db with a writable file": "请检查文件权限，或用 --db 指定可写的文件",
    "{path} is an SQLite database but not an ipcity one": "{path} 是 SQLite 数据库，但不是 ipcity 的数据库",
    "pass --db with a new file name": "请用 --db 指定新的文件名",
    "cannot open {path}": "无法打开 {path}",
    "check that the folder exists and is writable": "请检查文件夹是否存在且可写",
    "{file} is not a .csv or .xlsx file": "{file} 不是 .csv 或 .xlsx 文件",
    "save the sheet as CSV (UTF-8) or Excel .xlsx": "请把表格另存为 CSV（UTF-8）或 Excel .xlsx",
    "{file} is empty": "{file} 是空文件",
    "fill in the template (`ipcity template`) and try again": "请填写模板（`ipcity template`）后再试",
    "{file} has no header row with the columns {columns}": "{file} 没有包含 {columns} 列的表头行",
    "row {row}: {key} {region} {period} appears again (first in row {first})": "第 {row} 行：{key} {region} {period} 重复出现（第一次在第 {first} 行）",
    "keep one row": "只保留一行",
    "{file}: row {row}: {key} {region} {period} appears again (first in row {first})": "{file}：第 {row} 行：{key} {region} {period} 重复出现（第一次在第 {first} 行）",
    "{count} of {wanted}": "{count} / {wanted}",
    "ipcity: alert: {count} indicators at or below {status} in {period}: {names}": "ipcity：告警：{period} 有 {count} 个指标处于或低于 {status}：{names}",
    "ipcity: alert: {count} indicator at or below {status} in {period}: {names}": "ipcity：告警：{period} 有 {count} 个指标处于或低于 {status}：{names}",
    # notes under the status table
    "  row {number}: add {what}": "  第 {number} 行：新增 {what}",
    "  row {number}: correct {what}": "  第 {number} 行：更正 {what}",
    "  row {number}: skip (already recorded) {what}": "  第 {number} 行：跳过（已录入）{what}",
    "  ... and {count} more to {verb}": "  ……另有 {count} 条",
    "{what} (was {old})": "{what}（原为 {old}）",
    "no figure for months {months} of {year}: the year to date leaves them out, the projection extrapolates from the months reported":
        "{year} 年 {months} 月没有数据：年初至今的累计不含这些月份，预计值按已报月份外推",
    "no figure for month {months} of {year}: the year to date leaves them out, the projection extrapolates from the months reported":
        "{year} 年 {months} 月没有数据：年初至今的累计不含该月，预计值按已报月份外推",
    "{year} has figures only through month {month}: the verdict is on the total reported":
        "{year} 年只有截至 {month} 月的数据：按已报总额判断",
    "{year} has figures only through month {month} (none for months {months}): the verdict is on the total reported":
        "{year} 年只有截至 {month} 月的数据（{months} 月没有）：按已报总额判断",
    "first column: the city (its own figure, else the sum of its regions); · no target of its own for a region":
        "第一列：全市（本级录入的数据，没有时为下级地区之和）；· 表示该地区没有自身目标",
    "{count} regions in {tables} tables to fit the terminal: {parts}": "{count} 个地区分 {tables} 个表格显示以适应终端宽度：{parts}",
    "dry run of {file}: would leave the database as it is; it would be {totals}": "{file} 试运行：数据库保持不变；将会{totals}",
    "{added} added, {corrected} corrected, {unchanged} unchanged": "新增 {added} 条，更正 {corrected} 条，未变 {unchanged} 条",
    "no figure recorded": "尚未录入数据",
    "no figure for {key}": "没有 {key} 的数据",
    "record {key} for {year} (or an earlier year)": "请录入 {year} 年（或更早年份）的 {key}",
    "uses {key} of {period}": "使用 {period} 的 {key}",
    "sum of regions for {period}: no figure from {regions}": "{period} 为下级地区之和：{regions} 没有数据",
    "sum of regions for {period}: older figures carried forward from {regions}": "{period} 为下级地区之和：{regions} 沿用较早的数据",
    "{region}'s recorded {value} for {period} differs from the sum of its regions, {sum}; the recorded figure is used": "{region} 录入的 {period} 数据 {value} 与下级地区之和 {sum} 不一致；采用录入的数据",
    # --- help texts of commands and options
    'Database file, or a PostgreSQL server: postgresql://user@host:port/dbname (default: ipcity.db in the user data directory).':
        '数据库文件，或 PostgreSQL 服务器：postgresql://user@host:port/dbname（默认：用户数据目录下的 ipcity.db）。',
    'Copy the whole store (plan, figures with their history, tasks, milestones, snapshots,\nchange log) to another database, SQLite or PostgreSQL; then compare the two table by\ntable. The target must be new or empty.':
        '把整个数据库（方案、数据及其历史、任务、里程碑、快照、变更日志）复制到另一个 SQLite 或\nPostgreSQL 数据库，然后逐表核对。目标必须是新的或空的。',
    'A new file, or the URL of an empty PostgreSQL database.':
        '一个新文件，或一个空的 PostgreSQL 数据库的 URL。',
    "On PostgreSQL: a login that reads everything and writes only one region's figures\n(--region) or one lead unit's task updates (--unit), enforced by the server.":
        'PostgreSQL 上：创建一个登录名，可读取全部内容，只能写入一个地区的数据（--region）\n或一个牵头单位的任务进展（--unit），由服务器强制执行。',
    'The login to create or update, e.g. changge.':
        '要创建或更新的登录名，如 changge。',
    "It writes this region's figures.":
        '该登录名写入此地区的数据。',
    'It writes updates of the tasks this unit leads.':
        '该登录名写入此单位牵头任务的进展。',
    "Ask for the login's password.":
        '询问该登录名的密码。',
    'The change log, newest first: records, corrections, imports and plan loads (the\nlatest 20 unless --limit or --all).':
        '变更日志，最新的在前：录入、更正、导入和方案加载（默认最近 20 条，\n除非使用 --limit 或 --all）。',
    'Show the latest N (default 20).':
        '显示最近 N 条（默认 20）。',
    'Show every one, however many there are.':
        '全部显示，不论多少条。',
    "Only what was recorded on or after this date (YYYY-MM-DD, or a period's start).":
        '只显示该日（YYYY-MM-DD，或某期间的第一天）及以后录入的内容。',
    'Every value ever recorded for one indicator and region, corrections included (the\nlatest 20 unless --limit or --all).':
        '某一指标和地区录入过的全部数值，包括更正（默认最近 20 条，\n除非使用 --limit 或 --all）。',
    'Record many figures from a spreadsheet: all rows or none, every bad row reported.\n\nColumns: indicator, region, period, value, source, note, cumulative (or 指标, 地区, 期间,\n数值, 来源, 备注, 累计). Values as in `ipcity record` (6.8万, 1亿元, 22%). Importing the same\nfile twice adds nothing; a row that changes a recorded value needs --correct.':
        '从表格批量录入数据：要么全部行写入，要么一行也不写，每个错误行都会列出。\n\n列：指标、地区、期间、数值、单位、来源、备注、累计（或 indicator, region, period, value, unit,\nsource, note, cumulative）。数值写法同 `ipcity record`（6.8万、1亿元、22%）。同一文件导入两次不会重复；\n改变已录入数值的行需要 --correct。',
    "Rows without a cumulative cell are year-to-date (累计) figures / each period's own amount (default: as the plan declares each indicator).":
        '没有“累计”单元格的行是年初至今的累计数 / 当期数（默认：按方案对各指标的约定）。',
    '2024 (year), 2024H1 (half-year), 2024Q2 (quarter) or 2024-06 (month); also 2024年上半年, 2024年二季度, 2024年6月.':
        '2024（年）、2024H1（半年）、2024Q2（季度）或 2024-06（月）；也可写 2024年上半年、2024年二季度、2024年6月。',
    "The figure is the year to date (累计) through the period / the period's own amount (default: as the plan declares the indicator).":
        '数值是截至该期间的年初至今累计数 / 当期数（默认：按方案对该指标的约定）。',
    'Check the plan files, start a new plan, print their schema.':
        '检查方案文件、新建方案、输出方案的结构定义。',
    "Print the JSON Schema of targets.yaml and tasks.yaml (for an editor's YAML language server).\n\nSave it beside the plan as plan.schema.json and start each file with\n`# yaml-language-server: $schema=plan.schema.json`.":
        '输出 targets.yaml 和 tasks.yaml 的 JSON Schema（供编辑器的 YAML 语言服务使用）。\n\n把它存为方案旁边的 plan.schema.json，并在每个文件开头写\n`# yaml-language-server: $schema=plan.schema.json`。',
    'Write a commented starting plan for a city; it passes `ipcity plan check` as written.':
        '为一个城市生成带注释的初始方案；原样即可通过 `ipcity plan check`。',
    'The folder to write targets.yaml, tasks.yaml and plan.schema.json to.':
        '写入 targets.yaml、tasks.yaml 和 plan.schema.json 的文件夹。',
    "The city's name as people write it, e.g. 某某市.":
        '城市名称，如 某某市。',
    'Language of everything ipcity says: zh (the default) or en.':
        'ipcity 所有输出使用的语言：zh（默认）或 en。',
    "Track a city's intellectual-property action plan: targets, actual figures, gaps and progress.":
        '跟踪一个城市的知识产权行动方案：目标、实际数据、差距和进度。',
    'Database file (default: ipcity.db in the user data directory).':
        '数据库文件（默认：用户数据目录下的 ipcity.db）。',
    'Show the version and exit.':
        '显示版本并退出。',
    'Install completion for the current shell.':
        '为当前 shell 安装命令补全。',
    'Show completion for the current shell, to copy it or customize the installation.':
        '显示当前 shell 的补全脚本，以便复制或自行安装。',
    'Record many figures from a spreadsheet: all rows or none, every bad row reported.\n\nColumns: indicator, region, period, value, source, note (or 指标, 地区, 期间, 数值, 来源,\n备注). Values as in `ipcity record` (6.8万, 1亿元). Importing the same file twice adds\nnothing; a row that changes a recorded value needs --correct.':
        '从表格批量录入数据：要么全部行写入，要么一行也不写，每个错误行都会列出。\n\n列：指标、地区、期间、数值、单位、来源、备注（或 indicator, region, period, value, unit,\nsource, note）。数值写法同 `ipcity record`（6.8万、1亿元）。同一文件导入两次不会重复；\n改变已录入数值的行需要 --correct。',
    'A .csv or .xlsx file (or JSON written by `ipcity export`).':
        '一个 .csv 或 .xlsx 文件（或 `ipcity export` 写出的 JSON）。',
    'Let rows replace values already recorded (kept in history).':
        '允许用文件中的行替换已录入的数值（旧值保留在历史中）。',
    'Check everything and show what would change; write nothing.':
        '检查所有内容并显示将要发生的变化；不写入任何数据。',
    'The unit of values that name none (亿元, 万元); a money value with no unit in its cell, a 单位 column or the header is refused.':
        '未写单位的数值所用的单位（亿元、万元）；金额在单元格、单位列和表头中都没有单位时会被拒绝。',
    'All recorded figures with their provenance. `ipcity import` takes the file back.':
        '全部已录入数据及其来源。`ipcity import` 可以原样导回。',
    'Write to this file instead of stdout.':
        '写入此文件，而不是标准输出。',
    "csv, xlsx or json (default: from -o's extension, else csv).":
        'csv、xlsx 或 json（默认：按 -o 的扩展名，否则 csv）。',
    'Include replaced values (these cannot be imported back).':
        '包括已被替换的数值（这些不能再导入）。',
    'Write the empty sheet to send to departments, with dropdowns for indicators and regions.':
        '生成发给各单位的空白填报表，指标和地区带下拉选择。',
    'The .xlsx file to write.':
        '要写出的 .xlsx 文件。',
    'The change log, newest first: records, corrections, imports and plan loads.':
        '变更日志，最新的在前：录入、更正、导入和方案加载。',
    'How many changes to show.':
        '显示多少条变更。',
    'What is missing for a month: figures not recorded and task reports not made, each with\nthe unit that sends it, as a list to paste into a reminder (--format table|json|csv|md).':
        '某个月还缺什么：未录入的数据和未报送的任务进展，以及各由哪个单位报送，\n可直接粘贴到催报通知里（--format table|json|csv|md）。',
    'The month, YYYY-MM (default: the month that just ended).':
        '月份，YYYY-MM（默认：刚结束的月份）。',
    'Count the periods that ended by this date (YYYY-MM-DD), with every correction made since.':
        '统计截至该日（YYYY-MM-DD）已结束的期间，并计入此后所有更正。',
    'table (Rich, for a terminal), json, csv or md.':
        'table（Rich 表格，用于终端）、json、csv 或 md。',
    'Record actual figures for a period: one (KEY VALUE), several (KEY VALUE KEY VALUE ...)\nor lines from stdin (-). Several figures are stored together or, if one is refused, none.':
        '录入某一期间的实际数据：一个（指标 数值）、多个（指标 数值 指标 数值 ...）\n或从标准输入逐行读取（-）。多个数据一起写入；其中一个被拒绝时，一个也不写。',
    '2024 (year), 2024Q2 (quarter) or 2024-06 (month).':
        '2024（年）、2024Q2（季度）或 2024-06（月）。',
    'Indicator key, e.g. invention_patents (see `ipcity indicators`); - reads KEY VALUE [REGION] lines from stdin.':
        '指标代码，如 invention_patents（见 `ipcity indicators`），也可写指标名称；- 表示从标准输入读取“指标 数值 [地区]”行。',
    'The figure: 3600, 3,600, 6.8万, 6.8万件, 1亿元, 300万元 ...':
        '数值：3600、3,600、6.8万、6.8万件、1亿元、300万元 ……',
    'More KEY VALUE pairs, recorded together.':
        '更多“指标 数值”对，一起录入。',
    'Region name as the plan writes it (default: the city).':
        '方案中写的地区名称（默认：全市）。',
    'Where the figure comes from.':
        '数据来源。',
    'Any remark kept with the figure.':
        '随数据保存的备注。',
    'Replace the value already recorded (it stays in the history).':
        '替换已录入的数值（旧值保留在历史中）。',
    'Show what would be stored; store nothing.':
        '显示将要保存的内容；不保存。',
    'Take back a figure (typed under the wrong region or period, say). It stays in the\nhistory and in `ipcity log`, and in what `--as-of` an earlier day shows.':
        '撤回一个数据（例如录错了地区或期间）。它保留在历史和 `ipcity log` 中，\n用 `--as-of` 查看更早日期时仍然可见。',
    'Indicator key (see `ipcity indicators`).':
        '指标代码（见 `ipcity indicators`）。',
    'The period of the figure to take back.':
        '要撤回的数据所属期间。',
    'Why it is taken back (kept in the log).':
        '撤回原因（记入日志）。',
    'Show what would be taken back; change nothing.':
        '显示将要撤回的内容；不做任何改动。',
    'Every value ever recorded for one indicator and region, corrections included.':
        '某一指标和地区录入过的全部数值，包括更正。',
    'Indicator key.':
        '指标代码。',
    'The monthly briefing: status table, a chart per indicator, overdue work by lead unit,\nstale or missing figures and who sent them last, and what changed since the last snapshot.\n\nA month with a snapshot is briefed as the snapshot froze it (the database as it stood\nwhen the snapshot was taken); --live, --as-of or --known-at brief from the figures instead.':
        '月度简报：指标状态表、每个指标的走势图、按牵头单位列出的逾期事项、\n缺报或过期的数据及上次报送单位、较上次快照的变化。\n\n有快照的月份按快照冻结时的数据生成简报；--live、--as-of 或 --known-at 则按数据重新计算。',
    "Show exactly what the database held at this moment (YYYY-MM-DD HH:MM, or a date: its end), to reproduce a past meeting's table.":
        '显示数据库在该时刻保存的内容（YYYY-MM-DD HH:MM，或一个日期：当日结束时），用于重现以往会议上的表格。',
    'Use the figures as they are now, even where the month has a snapshot.':
        '使用当前数据，即使该月已有快照。',
    "md (text), html (one file, prints on A4) or xlsx; default: from -o's extension, else md.":
        'md（文本）、html（单个文件，可按 A4 打印）或 xlsx；默认：按 -o 的扩展名，否则 md。',
    'Write to this file (default: stdout).':
        '写入此文件（默认：标准输出）。',
    'Create the database (if needed) and load the plan. Safe to run again.':
        '创建数据库（如需要）并加载方案。可以重复运行。',
    'Folder with targets.yaml and tasks.yaml (default: $IPCITY_PLAN, else the bundled plan).':
        '包含 targets.yaml 和 tasks.yaml 的文件夹（默认：$IPCITY_PLAN，否则使用内置方案）。',
    "List the plan's indicators with unit, kind, baseline and target.":
        '列出方案中的指标：单位、类型、基期值和目标。',
    "Freeze a month's status (default: the month that just ended, as of its last day).\n\nEvery figure of every indicator and region, and the tasks and milestones, are stored as\ncomputed now, so later corrections do not rewrite what was reported. Running it again\nfor the same month changes nothing.":
        '冻结某个月的状态（默认：刚结束的月份，截至其最后一天）。\n\n每个指标、每个地区的数据以及任务和里程碑都按现在的计算结果保存，\n之后的更正不会改写当时报告的内容。同一个月再次运行不会有任何改变。',
    "Replace the month's snapshot (the old one stays in the history).":
        '替换该月的快照（旧快照保留在历史中）。',
    'Say nothing on success (for cron).':
        '成功时不输出任何内容（用于 cron）。',
    'Exit 3 when an indicator of the city is at or below this class (for alerts).':
        '当全市某个指标处于或低于该等级时以状态 3 退出（用于告警）。',
    "List the monthly snapshots: month, as-of date, when and by whom, the city's summary.":
        '列出月度快照：月份、截至日期、生成时间和生成人、全市概况。',
    'Include snapshots replaced by --refresh.':
        '包括被 --refresh 替换的快照。',
    'What changed between two snapshots: figures, classes that moved up or down, tasks finished.':
        '两个快照之间的变化：数据、升降的等级、完成的任务。',
    'The earlier month, YYYY-MM.':
        '较早的月份，YYYY-MM。',
    'The later month, YYYY-MM.':
        '较晚的月份，YYYY-MM。',
    'The gap to every target: latest figure, gap, progress, projection and status.\n\nA region with regions under it (the city) shows its own recorded figure, or else the\nsum of its regions; a difference between the two is noted.':
        '与每个目标的差距：最新数据、差距、进度、预计和状态。\n\n下设地区的地区（全市）显示其自身录入的数据，没有时显示下级地区之和；两者不一致时会注明。',
    'region: one matrix, indicators down and regions across.':
        'region：一个矩阵，指标为行、地区为列。',
    'Add a sparkline of each value in the monthly snapshots, then now.':
        '增加一列走势图：各月快照中的数值，然后是当前值。',
    'The 17 key tasks and 3 safeguards: lead units, status, sub-targets, due date.':
        '17 项重点任务和 3 项保障措施：牵头单位、状态、子目标、期限。',
    'Group key or title, e.g. protection or 保护.':
        '任务组代码或名称，如 protection 或 保护。',
    'Tasks this unit leads or shares.':
        '该单位牵头或参与的任务。',
    'not_started, in_progress, done or blocked.':
        'not_started（未开始）、in_progress（进行中）、done（已完成）或 blocked（受阻）。',
    'Only tasks past their due date and not done.':
        '只显示已过期限且未完成的任务。',
    "The plan's milestones: due date, done date, and overdue when not done by --as-of.":
        '方案中的里程碑：期限、完成日期，以及截至 --as-of 未完成的逾期项。',
    'Every lead unit with its tasks done, in progress, blocked and overdue — the units\nthat need a call first. The table for the supervision meeting.':
        '每个牵头单位的任务完成、进行中、受阻和逾期情况——最需要督促的单位排在前面。\n用于督导会议的表格。',
    'Check the plan files.':
        '检查方案文件。',
    "Validate targets.yaml and tasks.yaml; report every problem with file and line.\n\nErrors exit 1. Warnings (the plan's own arithmetic, and its figures against what the\ndatabase records, when there is a database) are printed and exit 0.":
        '校验 targets.yaml 和 tasks.yaml；每个问题都给出文件和行号。\n\n有错误时以状态 1 退出。警告（方案自身的算术，以及有数据库时方案数字与已录入数据的对照）\n会打印出来，以状态 0 退出。',
    'Where the database is and what it holds.':
        '数据库在哪里、保存了什么。',
    'Print where the database is (--db, $IPCITY_DB, or the user data directory).':
        '显示数据库的位置（--db、$IPCITY_DB 或用户数据目录）。',
    'Show or update one key task.':
        '查看或更新一项重点任务。',
    "One task in full: the plan's text, lead units, sub-targets and every update.":
        '一项任务的全部内容：方案原文、牵头单位、子目标和每次更新。',
    'Key task number (1–17) or safeguard (S1–S3).':
        '重点任务编号（1–17）或保障措施（S1–S3）。',
    'Record progress on a task; every update is kept with its time and author.':
        '记录任务进展；每次更新都连同时间和录入人保存。',
    'SUBTARGET=K, e.g. strong_enterprises=2 (repeatable).':
        '子目标=数量，如 strong_enterprises=2（可重复）。',
    'What was done.':
        '做了什么。',
    'A file path or URL that shows it.':
        '证明材料的文件路径或网址。',
    'Mark done although sub-targets are below their minimum.':
        '即使子目标低于最低要求也标记为完成。',
    'The day it happened, when not today (YYYY-MM-DD); status --as-of that day and later shows it.':
        '进展发生的日期（不是今天时，YYYY-MM-DD）；status --as-of 该日及以后会显示它。',
    'Mark a milestone done.':
        '标记里程碑完成。',
    'Mark a milestone done on a date. Milestones that count towards an indicator (the four\nbreakthrough projects) feed `ipcity status`.':
        '标记里程碑在某日完成。计入指标的里程碑（四个突破项目）会反映在 `ipcity status` 中。',
    'Milestone key (see `ipcity milestones`).':
        '里程碑代码（见 `ipcity milestones`）。',
    'The day it was reached (YYYY-MM-DD).':
        '达成的日期（YYYY-MM-DD）。',
    'Change the date of a milestone already marked done (the earlier event stays in the log).':
        '更改已标记完成的里程碑的日期（之前的记录保留在日志中）。',
}
