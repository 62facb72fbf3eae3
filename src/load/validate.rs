//! The checks serde cannot do: ids that must exist, counts that must add up, dates that must
//! agree. Each problem is pushed with the position of the offending value.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{Campaign, Entry, HeaderStyle, Indicator, PeriodKind, Snapshot, Unit};
use crate::suggest;

use super::corrections;

/// Most units a campaign may have: a national roll-up has about 3,000.
pub const MAX_UNITS: usize = 10_000;
/// Most characters in a name (unit, office, campaign, list item).
pub(super) const MAX_NAME_CHARS: usize = 100;
/// Most characters in one note (summary, one problem, one demand).
pub(super) const MAX_NOTE_CHARS: usize = 5_000;

pub(super) fn campaign(file: &Path, c: &Campaign, dir: &Path, out: &mut Diagnostics) {
    let mut unit_ids = HashSet::new();
    if c.units.is_empty() {
        out.push(Diagnostic::file(file, "units 不能为空：至少要有一个县区"));
    }
    if c.units.len() > MAX_UNITS {
        out.push(Diagnostic::file(
            file,
            format!("单位过多：{} 个，最多 {MAX_UNITS} 个", c.units.len()),
        ));
        return;
    }
    for (text, path) in [
        (&c.name, "name"),
        (&c.office.name.value, "office.name"),
        (&c.office.short_name, "office.short_name"),
        (&c.header.name.value, "header.name"),
        (&c.addressee, "addressee"),
    ] {
        check_length(file, text, path, MAX_NAME_CHARS, out);
    }
    for (i, unit) in c.units.iter().enumerate() {
        let path = format!("units[{i}].id");
        check_id(file, &unit.id, &path, out);
        if !unit_ids.insert(unit.id.value.as_str()) {
            out.push(Diagnostic::on(
                file,
                &unit.id,
                path,
                format!("单位编号 “{}” 重复，每个单位的 id 必须唯一", unit.id.value),
            ));
        }
        check_length(
            file,
            &unit.name,
            &format!("units[{i}].name"),
            MAX_NAME_CHARS,
            out,
        );
        if unit.name.trim().is_empty() {
            out.push(Diagnostic::on(
                file,
                &unit.id,
                format!("units[{i}].name"),
                "单位名称不能为空",
            ));
        }
    }

    if c.indicators.is_empty() {
        out.push(Diagnostic::file(
            file,
            "indicators 不能为空：至少要有一项指标",
        ));
    }
    let mut indicator_ids = HashSet::new();
    for (i, ind) in c.indicators.iter().enumerate() {
        let path = format!("indicators[{i}]");
        check_id(file, &ind.id, &format!("{path}.id"), out);
        if !indicator_ids.insert(ind.id.value.as_str()) {
            out.push(Diagnostic::on(
                file,
                &ind.id,
                format!("{path}.id"),
                format!("指标编号 “{}” 重复，每项指标的 id 必须唯一", ind.id.value),
            ));
        }
        indicator(file, c, ind, &path, out);
    }
    let headlines = c.indicators.iter().filter(|i| i.headline).count();
    if headlines > 1 || (headlines == 0 && c.indicators.len() > 1) {
        out.push(Diagnostic::file(
            file,
            format!(
                "indicators 中应恰有一项标记 headline: true（通报开头的主要指标），现有 {headlines} 项"
            ),
        ));
    }

    vocabulary(file, c, out);

    let s = &c.schedule;
    if s.end.value < s.start.value {
        out.push(Diagnostic::on(
            file,
            &s.end,
            "schedule.end",
            format!("结束日期 {} 早于开始日期 {}", s.end.value, s.start.value),
        ));
    }

    let r = &c.rules;
    for (value, path) in [
        (&r.ahead_points, "rules.ahead_points"),
        (&r.behind_points, "rules.behind_points"),
    ] {
        if !(value.value.is_finite() && (0.0..=100.0).contains(&value.value)) {
            out.push(Diagnostic::on(
                file,
                value,
                path,
                format!("应为 0 到 100 之间的百分点数，写的是 {}", value.value),
            ));
        }
    }
    for (value, path) in [
        (&r.name_top, "rules.name_top"),
        (&r.name_bottom, "rules.name_bottom"),
    ] {
        if value.value < 0 {
            out.push(Diagnostic::on(
                file,
                value,
                path,
                format!("应为 0 或正整数（0 表示全部点名），写的是 {}", value.value),
            ));
        }
    }

    if let Some(style) = &c.header.style
        && style.value == HeaderStyle::File
        && c.header.number_prefix.is_none()
    {
        out.push(Diagnostic::on(
            file,
            style,
            "header.number_prefix",
            "文件式版头需要发文字号前缀 number_prefix（例如 临整办）",
        ));
    }

    for (key, path) in c.fonts.iter() {
        if crate::font_style::FontStyle::from_key(&key.value).is_none() {
            out.push(Diagnostic::on(
                file,
                key,
                format!("fonts.{}", key.value),
                format!(
                    "未知的字体样式 “{}”：应为 仿宋、黑体、楷体、小标宋、宋体（或 fangsong、heiti、kaiti、xiaobiaosong、songti）",
                    key.value
                ),
            ));
        } else if let Some(problem) = font_file_problem(&dir.join(path.value.trim())) {
            out.push(Diagnostic::on(
                file,
                path,
                format!("fonts.{}", key.value),
                format!("字体文件 “{}” {problem}", path.value),
            ));
        }
    }

    if let Some(t) = &c.templates {
        let relative = Path::new(&t.value);
        let inside = relative.is_relative()
            && !t.value.contains([':', '\\', '\0'])
            && relative.components().all(|part| {
                matches!(
                    part,
                    std::path::Component::Normal(_) | std::path::Component::CurDir
                )
            });
        if !inside {
            out.push(Diagnostic::on(
                file,
                t,
                "templates",
                format!(
                    "模板文件夹必须在活动文件夹之内，写成相对路径（例如 templates），不能含 ..、反斜杠或盘符，写的是 “{}”",
                    t.value
                ),
            ));
        } else if !dir.join(&t.value).is_dir() {
            out.push(Diagnostic::on(
                file,
                t,
                "templates",
                format!("模板文件夹 “{}” 不存在（相对于活动文件夹）", t.value),
            ));
        }
    }
}

/// Why `path` cannot serve as a font, if it cannot: it must be a regular, readable file that
/// begins as a TrueType/OpenType font or collection does. Only its first four bytes are read.
fn font_file_problem(path: &Path) -> Option<String> {
    use std::io::Read;
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(_) => return Some("不存在（相对路径从活动文件夹算起）".to_string()),
    };
    if !meta.is_file() {
        return Some("不是普通文件：应为 .ttf、.otf 或 .ttc 字体文件".to_string());
    }
    let mut magic = [0u8; 4];
    let read = std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut magic));
    match read {
        Err(e) => Some(format!("无法读取：{}", crate::io_error::io_reason(&e))),
        Ok(()) if matches!(&magic, b"\x00\x01\x00\x00" | b"OTTO" | b"true" | b"ttcf") => None,
        Ok(()) => Some(
            "不是字体文件（不是 TrueType/OpenType 格式）：应为 .ttf、.otf 或 .ttc 字体文件"
                .to_string(),
        ),
    }
}

fn units_by_id(c: &Campaign) -> HashMap<&str, &Unit> {
    c.units.iter().map(|u| (u.id.value.as_str(), u)).collect()
}

fn indicator(file: &Path, c: &Campaign, ind: &Indicator, path: &str, out: &mut Diagnostics) {
    let units = units_by_id(c);
    let mut part_ids = HashSet::new();
    for (j, part) in ind.parts.iter().enumerate() {
        let p = format!("{path}.parts[{j}].id");
        check_id(file, &part.id, &p, out);
        if !part_ids.insert(part.id.value.as_str()) {
            out.push(Diagnostic::on(
                file,
                &part.id,
                p,
                format!("分项编号 “{}” 重复", part.id.value),
            ));
        }
    }
    if let Some(flag) = &ind.parts_exhaustive
        && flag.value
        && ind.parts.is_empty()
    {
        out.push(Diagnostic::on(
            file,
            flag,
            format!("{path}.parts_exhaustive"),
            "写了 parts_exhaustive: true，但这项指标没有分项（parts）：请加上分项，或删去这一行",
        ));
    }
    for (unit, plan) in ind.plan.iter() {
        let p = format!("{path}.plan.{}", unit.value);
        if !units.contains_key(unit.value.as_str()) {
            out.push(Diagnostic::on(
                file,
                unit,
                p.clone(),
                unknown_unit(c, &unit.value, "units 中没有这个 id"),
            ));
        }
        if plan.value < 0 {
            out.push(Diagnostic::on(
                file,
                plan,
                p,
                format!(
                    "计划数不能为负数，写的是 {}；请写 0 或正整数（该单位的计划总数）",
                    plan.value
                ),
            ));
        }
    }
    let typed_for = lookalikes(ind.plan.iter().map(|(k, _)| k), c);
    for unit in &c.units {
        if ind.plan.get(&unit.id.value).is_none() {
            let typed = typed_for.get(&unit.id.value).copied();
            out.push(Diagnostic::on(
                file,
                typed.unwrap_or(&ind.id),
                format!("{path}.plan"),
                format!(
                    "单位 “{}”（{}）没有计划数{}：请在指标 “{}” 的 plan 中加上 {}: <计划数>",
                    unit.id.value,
                    unit.name,
                    typed.map(standing_for).unwrap_or_default(),
                    ind.id.value,
                    unit.id.value
                ),
            ));
        }
    }
}

/// A piece of free text that must not be absurdly long (it ends up on the page).
fn check_length(file: &Path, text: &str, path: &str, max: usize, out: &mut Diagnostics) {
    let n = text.chars().count();
    if n > max {
        out.push(Diagnostic::at(
            file,
            0,
            0,
            path,
            format!("文字过长：{n} 个字，最多 {max} 个字"),
        ));
    }
}

/// The campaign's words (`vocabulary:` and each indicator's `task`, `table_title`): each one
/// line of text, not empty, not too long; the headline indicator is analysed in the text.
fn vocabulary(file: &Path, c: &Campaign, out: &mut Diagnostics) {
    let mut words = vec![
        (
            c.vocabulary.unit.as_ref(),
            "vocabulary.unit".to_string(),
            "县（市、区）",
        ),
        (
            c.vocabulary.task.as_ref(),
            "vocabulary.task".to_string(),
            "各项改造任务",
        ),
    ];
    for (i, ind) in c.indicators.iter().enumerate() {
        words.push((
            ind.task.as_ref(),
            format!("indicators[{i}].task"),
            "改造任务",
        ));
        words.push((
            ind.table_title.as_ref(),
            format!("indicators[{i}].table_title"),
            "各县（市、区）农村户厕改造进展情况排名表",
        ));
    }
    for (word, path, example) in words {
        let Some(word) = word else { continue };
        let n = word.value.chars().count();
        let problem = if word.value.trim().is_empty() {
            Some("不能为空".to_string())
        } else if word.value.contains(['\n', '\r']) {
            Some("只能写一行".to_string())
        } else if n > MAX_NAME_CHARS {
            Some(format!("过长：{n} 个字，最多 {MAX_NAME_CHARS} 个字"))
        } else {
            None
        };
        if let Some(problem) = problem {
            out.push(Diagnostic::on(
                file,
                word,
                path,
                format!("{problem}（例如写“{example}”；不需要时删去这一行，使用默认用语）"),
            ));
        }
    }
    for (i, ind) in c.indicators.iter().enumerate() {
        if let Some(flag) = &ind.in_text
            && !flag.value
            && (ind.headline || c.indicators.len() == 1)
        {
            out.push(Diagnostic::on(
                file,
                flag,
                format!("indicators[{i}].in_text"),
                "主要指标（headline）必须在正文中分析：删去 in_text: false，或把 headline 标在另一项指标上",
            ));
        }
    }
}

/// Ids are short ASCII names used as keys and, later, in file names.
fn check_id(file: &Path, id: &crate::model::Spanned<String>, path: &str, out: &mut Diagnostics) {
    let ok = !id.value.is_empty()
        && id.value.len() <= 64
        && id
            .value
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '-');
    if !ok {
        out.push(Diagnostic::on(
            file,
            id,
            path,
            format!(
                "编号应由 1–64 个英文字母、数字、下划线或连字符组成，写的是 “{}”",
                id.value
            ),
        ));
    }
}

/// For each unit a mistyped key stands for: among `keys`, those that are no unit's id, each
/// given to its closest unit (the key the clerk meant for it). Computed once per map, so a
/// campaign with many units missing costs one pass over the few unknown keys, not one per unit.
fn lookalikes<'a>(
    keys: impl Iterator<Item = &'a crate::model::Spanned<String>>,
    c: &Campaign,
) -> HashMap<String, &'a crate::model::Spanned<String>> {
    let ids: HashSet<&str> = c.units.iter().map(|u| u.id.value.as_str()).collect();
    let mut found = HashMap::new();
    for key in keys.filter(|k| !ids.contains(k.value.as_str())) {
        let units = c
            .units
            .iter()
            .map(|u| (u.id.value.as_str(), u.name.as_str()));
        if let Some((id, _)) = suggest::closest(&key.value, units) {
            found.entry(id.to_string()).or_insert(key);
        }
    }
    found
}

/// `（第16行的 “pingyl” 是否就是它？）`: the mistyped key that stands for a missing one.
fn standing_for(key: &crate::model::Spanned<String>) -> String {
    format!(
        "（第{}行的 “{}” 是否就是它？）",
        key.referenced.line(),
        key.value
    )
}

/// `未知的单位编号 “pingyl”：…，是否应为 pingyi（平邑县）？`, or the ids to choose from.
fn unknown_unit(c: &Campaign, typed: &str, where_not: &str) -> String {
    let units = c
        .units
        .iter()
        .map(|u| (u.id.value.as_str(), u.name.as_str()));
    match suggest::did_you_mean(typed, units) {
        Some(guess) => format!("未知的单位编号 “{typed}”：{where_not}，{guess}"),
        None => format!(
            "未知的单位编号 “{typed}”：{where_not}（可用：{}）",
            unit_list(c)
        ),
    }
}

/// What the recorded corrections allow, for a message refusing a fall beyond them.
fn corrected(allowed: i64) -> String {
    if allowed > 0 {
        format!("（本期记下的核减共 {allowed}，不足以说明减少的数）")
    } else {
        String::new()
    }
}

fn unit_list(c: &Campaign) -> String {
    let ids: Vec<&str> = c.units.iter().map(|u| u.id.value.as_str()).collect();
    if ids.len() > 20 {
        format!("{} 等 {} 个", ids[..20].join("、"), ids.len())
    } else {
        ids.join("、")
    }
}

/// Checks that need only the snapshot file itself.
pub(super) fn snapshot_alone(file: &Path, s: &Snapshot, out: &mut Diagnostics) {
    let period = s.period.value;
    let stem = file.file_stem().and_then(|n| n.to_str()).unwrap_or("");
    if stem != period.to_string() {
        out.push(Diagnostic::on(
            file,
            &s.period,
            "period",
            format!(
                "文件名 “{stem}” 与 period “{period}” 不一致：{period} 的数据应保存为 snapshots/{period}.yaml"
            ),
        ));
    }
    if period.kind() == PeriodKind::Quarter {
        out.push(Diagnostic::on(
            file,
            &s.period,
            "period",
            format!(
                "季度（{period}）没有数据文件：季度督导报告由该季度各月的数据生成（tongbao build --period {period}）；数据按月（YYYY-MM）或按周（YYYY-Www）填写"
            ),
        ));
    } else if !period.contains(s.as_of.value) {
        // A week's days are not obvious from its number: say them.
        let span = match (period.kind(), period.first_day(), period.last_day()) {
            (PeriodKind::Week, Some(first), Some(last)) => format!("，{first} 至 {last}"),
            _ => String::new(),
        };
        out.push(Diagnostic::on(
            file,
            &s.as_of,
            "as_of",
            format!("截至日期 {} 不在本期（{period}{span}）之内", s.as_of.value),
        ));
    }
    if let Some(issue_date) = s.issue_date.value
        && issue_date < s.as_of.value
    {
        out.push(
            Diagnostic::on(
                file,
                &s.issue_date,
                "issue_date",
                format!(
                    "印发日期 {issue_date} 早于截至日期 {}，请确认",
                    s.as_of.value
                ),
            )
            .warning(),
        );
    }
    let notes = &s.notes;
    for (text, path) in notes
        .summary
        .iter()
        .map(|t| (t, "notes.summary".to_string()))
        .chain(
            notes
                .problems
                .iter()
                .enumerate()
                .map(|(i, t)| (t, format!("notes.problems[{i}]"))),
        )
        .chain(
            notes
                .demands
                .iter()
                .enumerate()
                .map(|(i, t)| (t, format!("notes.demands[{i}]"))),
        )
        .chain(
            notes
                .instruction
                .iter()
                .map(|t| (t, "notes.instruction".to_string())),
        )
    {
        check_length(file, text, &path, MAX_NOTE_CHARS, out);
    }
    for (i, list) in s.lists.iter().enumerate() {
        check_length(
            file,
            &list.title,
            &format!("lists[{i}].title"),
            MAX_NOTE_CHARS,
            out,
        );
        for (j, item) in list.items.iter().enumerate() {
            check_length(
                file,
                item,
                &format!("lists[{i}].items[{j}]"),
                MAX_NAME_CHARS,
                out,
            );
        }
    }
    if let Some(n) = &s.issue_number
        && n.value < 1
    {
        out.push(Diagnostic::on(
            file,
            n,
            "issue_number",
            format!("期号应为正整数，写的是 {}", n.value),
        ));
    }
}

/// Checks against the campaign and the previous snapshot.
pub(super) fn snapshot_against(
    file: &Path,
    s: &Snapshot,
    c: &Campaign,
    previous: Option<&Snapshot>,
    out: &mut Diagnostics,
) {
    let units = units_by_id(c);
    let not_reported = super::unreported::missing(s, c);
    for (ind_key, _) in s.progress.iter() {
        if !c.indicators.iter().any(|i| i.id.value == ind_key.value) {
            let known: Vec<&str> = c.indicators.iter().map(|i| i.id.value.as_str()).collect();
            let candidates = c
                .indicators
                .iter()
                .map(|i| (i.id.value.as_str(), i.name.as_str()));
            let hint = suggest::did_you_mean(&ind_key.value, candidates)
                .map(|g| format!("，{g}"))
                .unwrap_or_else(|| format!("（可用：{}）", known.join("、")));
            out.push(Diagnostic::on(
                file,
                ind_key,
                format!("progress.{}", ind_key.value),
                format!(
                    "未知的指标编号 “{}”：campaign.yaml 的 indicators 中没有{hint}",
                    ind_key.value,
                ),
            ));
        }
    }
    for ind in &c.indicators {
        let Some((ind_key, entries)) = s.progress.entry(&ind.id.value) else {
            // Where a mistyped indicator key stands, the missing one is meant there.
            let typed = s.progress.iter().map(|(k, _)| k).find(|k| {
                c.indicators.iter().all(|i| i.id.value != k.value)
                    && suggest::closest(&k.value, [(ind.id.value.as_str(), ind.name.as_str())])
                        .is_some()
            });
            let message = format!("缺少指标 “{}”（{}）的数据", ind.id.value, ind.name);
            out.push(match typed {
                Some(k) => {
                    Diagnostic::on(file, k, "progress", format!("{message}{}", standing_for(k)))
                }
                None => Diagnostic::on(file, &s.period, "progress", message),
            });
            continue;
        };
        let prev = previous.and_then(|p| p.progress.get(&ind.id.value));
        for (unit_key, entry) in entries.iter() {
            let path = format!("progress.{}.{}", ind.id.value, unit_key.value);
            let Some(unit) = units.get(unit_key.value.as_str()) else {
                out.push(Diagnostic::on(
                    file,
                    unit_key,
                    path,
                    unknown_unit(c, &unit_key.value, "campaign.yaml 的 units 中没有"),
                ));
                continue;
            };
            let plan = ind.plan.get(&unit.id.value).map(|p| p.value);
            let before = prev.and_then(|p| p.get(&unit_key.value));
            let allowance =
                |part: Option<&str>| corrections::allowance(s, &ind.id.value, &unit.id.value, part);
            entry_checks(
                file, &path, ind, unit, entry, plan, before, previous, &allowance, out,
            );
        }
        let typed_for = lookalikes(entries.iter().map(|(k, _)| k), c);
        for unit in &c.units {
            // Point at the mistyped key that stands for this unit, else at the indicator.
            let typed = typed_for.get(&unit.id.value).copied();
            // A unit with no figures at all, and no mistyped key standing for it, has not
            // reported: it takes the previous period's (see `unreported`).
            let unreported = typed.is_none() && not_reported.contains(&unit.id.value.as_str());
            if entries.get(&unit.id.value).is_none() && !unreported {
                let hint = typed.map(standing_for).unwrap_or_default();
                out.push(Diagnostic::on(
                    file,
                    typed.unwrap_or(ind_key),
                    format!("progress.{}", ind.id.value),
                    format!(
                        "缺少单位 “{}”（{}）的数据{hint}：每期都要填写所有单位的累计完成数（没有进展也要填写）",
                        unit.id.value, unit.name
                    ),
                ));
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn entry_checks(
    file: &Path,
    path: &str,
    ind: &Indicator,
    unit: &Unit,
    entry: &Entry,
    plan: Option<i64>,
    before: Option<&Entry>,
    previous: Option<&Snapshot>,
    allowance: &dyn Fn(Option<&str>) -> i64,
    out: &mut Diagnostics,
) {
    let unit_name = unit.name.as_str();
    let done = entry.done.value;
    if done < 0 {
        out.push(Diagnostic::on(
            file,
            &entry.done,
            format!("{path}.done"),
            format!(
                "完成数不能为负数，写的是 {done}；请写 0 或正整数（截至本期的累计完成数）。此前多报了的，写实际累计数，并在 corrections 中记核减"
            ),
        ));
    }
    if let Some(plan) = plan
        && done > plan
        && plan >= 0
    {
        out.push(
            Diagnostic::on(
                file,
                &entry.done,
                format!("{path}.done"),
                format!(
                    "{unit_name}累计完成 {done}{}，超过计划数 {plan}（超计划），请确认",
                    ind.measure
                ),
            )
            .warning(),
        );
    }
    let mut sum: i64 = 0;
    for (part_key, count) in entry.parts.iter() {
        let p = format!("{path}.parts.{}", part_key.value);
        if !ind.parts.iter().any(|part| part.id.value == part_key.value) {
            let known: Vec<&str> = ind.parts.iter().map(|p| p.id.value.as_str()).collect();
            out.push(Diagnostic::on(
                file,
                part_key,
                p,
                if known.is_empty() {
                    format!("指标 “{}” 没有定义分项，不应填写 parts", ind.id.value)
                } else {
                    let parts = ind
                        .parts
                        .iter()
                        .map(|p| (p.id.value.as_str(), p.name.as_str()));
                    let hint = suggest::did_you_mean(&part_key.value, parts)
                        .map(|g| format!("，{g}"))
                        .unwrap_or_else(|| format!("（可用：{}）", known.join("、")));
                    format!("未知的分项编号 “{}”{hint}", part_key.value)
                },
            ));
            continue;
        }
        if count.value < 0 {
            out.push(Diagnostic::on(
                file,
                count,
                p,
                format!(
                    "分项数不能为负数，写的是 {}；请写 0 或正整数（截至本期的该分项累计数）",
                    count.value
                ),
            ));
        }
        sum = sum.saturating_add(count.value.max(0));
    }
    for part in &ind.parts {
        if entry.parts.get(&part.id.value).is_none() {
            out.push(Diagnostic::on(
                file,
                &entry.done,
                format!("{path}.parts"),
                format!(
                    "缺少分项 “{}”（{}）的数字：指标 “{}” 的每个单位都要填写全部分项（没有就填 0）",
                    part.id.value, part.name, ind.id.value
                ),
            ));
        }
    }
    if sum > done && done >= 0 {
        out.push(Diagnostic::on(
            file,
            &entry.done,
            format!("{path}.parts"),
            format!("各分项之和 {sum} 大于完成数 {done}"),
        ));
    }
    let complete = !ind.parts.is_empty()
        && ind
            .parts
            .iter()
            .all(|p| entry.parts.get(&p.id.value).is_some());
    if complete && sum < done {
        let m = &ind.measure;
        let names: Vec<&str> = ind.parts.iter().map(|p| p.name.as_str()).collect();
        let shortfall = format!(
            "{unit_name}各分项之和 {sum}{m} 小于完成数 {done}{m}（差 {}{m}）",
            done - sum
        );
        let d = Diagnostic::on(file, &entry.done, format!("{path}.parts"), "");
        out.push(if ind.parts_exhaustive.as_ref().is_some_and(|e| e.value) {
            Diagnostic {
                message: format!(
                    "{shortfall}：指标 “{}” 声明了 parts_exhaustive: true（完成数全部属于{}），分项之和必须等于完成数",
                    ind.id.value,
                    names.join("、")
                ),
                ..d
            }
        } else {
            Diagnostic {
                message: format!(
                    "{shortfall}，通报中“{done}{m}，其中……”的各项加起来将不足{done}{m}：请确认分项是否漏填\
                     （完成数应全部属于各分项时，请在 campaign.yaml 的这项指标中写 parts_exhaustive: true，此时按错误处理）"
                ),
                ..d
            }
            .warning()
        });
    }
    if let (Some(before), Some(prev)) = (before, previous) {
        let period = prev.period.value;
        let fall = before.done.value.saturating_sub(done);
        if done >= 0 && fall > allowance(None) {
            out.push(Diagnostic::on(
                file,
                &entry.done,
                format!("{path}.done"),
                format!(
                    "{unit_name}的累计完成数 {done} 小于上一期（{period}）的 {}{}：累计数只能增加，不能减少。{}",
                    before.done.value,
                    corrected(allowance(None)),
                    corrections::how_to_record(&ind.id.value, &unit.id.value, fall)
                ),
            ));
        }
        for (part_key, count) in entry.parts.iter() {
            let Some(old) = before.parts.get(&part_key.value) else {
                continue;
            };
            let fall = old.value.saturating_sub(count.value);
            let allowed = allowance(Some(&part_key.value));
            if fall > allowed {
                out.push(Diagnostic::on(
                    file,
                    count,
                    format!("{path}.parts.{}", part_key.value),
                    format!(
                        "{unit_name}的累计分项数 {} 小于上一期（{period}）的 {}{}：累计数只能增加，不能减少。{}",
                        count.value,
                        old.value,
                        corrected(allowed),
                        corrections::how_to_record(&ind.id.value, &unit.id.value, fall)
                    ),
                ));
            }
        }
    }
}
