//! “Did you mean …?” for a misspelt unit name or ledger value.

use crate::suggest::distance;

/// The candidate closest to `wrong`, if one is close enough to be a likely slip: an
/// abbreviation (its characters in order, e.g. 兰山 or 高新区 of 临沂高新技术产业开发区, the
/// shortest such name winning), else a typo (edit distance at most a third of the length).
pub(crate) fn closest<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let typed: String = wrong.chars().filter(|c| !c.is_whitespace()).collect();
    let wrong: Vec<char> = typed.chars().collect();
    if wrong.is_empty() {
        return None;
    }
    // (class, distance): abbreviations (class 0) before typos (class 1).
    let mut best: Option<((u8, usize), &str)> = None;
    for candidate in candidates {
        let c: Vec<char> = candidate.chars().collect();
        let score = if wrong.len() >= 2 && (subsequence(&wrong, &c) || subsequence(&c, &wrong)) {
            Some((0, c.len().abs_diff(wrong.len())))
        } else {
            let d = distance(&typed, candidate);
            (d <= wrong.len().div_ceil(3)).then_some((1, d))
        };
        if let Some(score) = score
            && best.is_none_or(|(b, _)| score < b)
        {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// Whether `short` appears in `long` in order (not necessarily adjacent).
fn subsequence(short: &[char], long: &[char]) -> bool {
    let mut rest = long.iter();
    short.iter().all(|c| rest.any(|l| l == c))
}

#[cfg(test)]
mod tests {
    use super::*;

    const UNITS: [&str; 4] = ["兰山区", "罗庄区", "河东区", "临沂高新技术产业开发区"];

    #[test]
    fn typos_find_their_unit() {
        assert_eq!(closest("兰山", UNITS), Some("兰山区"));
        assert_eq!(closest("兰三区", UNITS), Some("兰山区"));
        assert_eq!(closest("高新区", UNITS), Some("临沂高新技术产业开发区"));
        assert_eq!(closest("临沂高新区", UNITS), Some("临沂高新技术产业开发区"));
        assert_eq!(closest("东区", UNITS), Some("河东区"));
        assert_eq!(
            closest("临沂高新技术开发区", UNITS),
            Some("临沂高新技术产业开发区")
        );
        assert_eq!(closest("北京市", UNITS), None);
    }
}
