//! Did-you-mean for mistyped ids and keys (shared ground: load and the YAML parser use it): the
//! closest known id, by edit distance over the ids and the names they stand for (a clerk may type `pingyl` for `pingyi`, or the name 平邑县 itself).

/// Levenshtein distance over characters.
pub(crate) fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// Whether `typed` is close enough to `known` to be a slip of the keyboard: at most a third of
/// the longer one's characters differ (and at least one may).
fn close(typed: &str, known: &str) -> Option<usize> {
    let d = distance(&typed.to_lowercase(), &known.to_lowercase());
    let longest = typed.chars().count().max(known.chars().count());
    (d <= (longest / 3).max(1) && d < longest).then_some(d)
}

/// The candidate (`id`, `name`) closest to `typed`, by id or by name; ties go to the first.
pub(crate) fn closest<'a>(
    typed: &str,
    candidates: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Option<(&'a str, &'a str)> {
    candidates
        .into_iter()
        .filter_map(|(id, name)| {
            let by_name = (!name.is_empty())
                .then(|| {
                    if name.starts_with(typed) && !typed.is_empty() && !typed.is_ascii() {
                        Some(0)
                    } else {
                        close(typed, name)
                    }
                })
                .flatten();
            let d = match (close(typed, id), by_name) {
                (Some(a), Some(b)) => a.min(b),
                (a, b) => a.or(b)?,
            };
            Some((d, id, name))
        })
        .min_by_key(|(d, _, _)| *d)
        .map(|(_, id, name)| (id, name))
}

/// `是否应为 pingyi（平邑县）？` for the closest candidate, or `None`.
pub(crate) fn did_you_mean<'a>(
    typed: &str,
    candidates: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Option<String> {
    closest(typed, candidates).map(|(id, name)| {
        if name.is_empty() || name == id {
            format!("是否应为 {id}？")
        } else {
            format!("是否应为 {id}（{name}）？")
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const UNITS: [(&str, &str); 4] = [
        ("pingyi", "平邑县"),
        ("yinan", "沂南县"),
        ("yishui", "沂水县"),
        ("lanshan", "兰山区"),
    ];

    #[test]
    fn distances() {
        assert_eq!(distance("pingyl", "pingyi"), 1);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("平邑", "平邑县"), 1);
    }

    #[test]
    fn a_slip_finds_the_id_and_a_name_finds_its_id() {
        assert_eq!(
            did_you_mean("pingyl", UNITS).as_deref(),
            Some("是否应为 pingyi（平邑县）？")
        );
        assert_eq!(closest("平邑县", UNITS), Some(("pingyi", "平邑县")));
        assert_eq!(closest("平邑", UNITS), Some(("pingyi", "平邑县")));
        assert_eq!(closest("Lanshan", UNITS), Some(("lanshan", "兰山区")));
        assert_eq!(closest("yishiu", UNITS), Some(("yishui", "沂水县")));
    }

    #[test]
    fn nothing_close_suggests_nothing() {
        assert_eq!(closest("kindergarten", UNITS), None);
        assert_eq!(closest("x", UNITS), None);
        assert_eq!(closest("", UNITS), None);
    }
}
