//! The campaign's own terms written into the draft's front matter as `words:`, so that lines
//! break around them wherever the draft is rendered (segment::use_words): the names of its
//! units, indicators, actions, parts and tasks, which no general dictionary knows as words
//! (煤改电, 拆改结合).

use super::front_matter::{append, quoted};
use crate::load::Inputs;
use crate::term::is_term;

/// The campaign's terms that can be words ([`is_term`]: two to four characters), each once, in the order the
/// campaign names them: the scope and the unit word, each unit's name and kind, each
/// indicator's name, action, measure, plan label, task and parts, the office's short name.
pub(crate) fn campaign_words(inputs: &Inputs) -> Vec<String> {
    let c = &inputs.campaign;
    let mut terms: Vec<&str> = vec![c.scope.as_str()];
    terms.extend(c.vocabulary.unit.as_ref().map(|u| u.value.as_str()));
    for unit in &c.units {
        terms.extend([unit.name.as_str(), unit.kind.as_str()]);
    }
    for ind in &c.indicators {
        terms.extend([
            ind.name.as_str(),
            ind.action.as_str(),
            ind.measure.as_str(),
            ind.plan_label.as_str(),
            ind.task(),
        ]);
        terms.extend(ind.parts.iter().map(|p| p.name.as_str()));
    }
    terms.push(c.office.short_name.as_str());
    let mut words: Vec<String> = Vec::new();
    for term in terms.into_iter().map(str::trim) {
        if is_term(term) && !words.iter().any(|w| w == term) {
            words.push(term.to_string());
        }
    }
    words
}

/// `markdown` with a `words:` list added at the end of its front matter (none when `words` is
/// empty or the template wrote its own).
pub(crate) fn with_words(markdown: String, words: &[String]) -> String {
    if words.is_empty() {
        return markdown;
    }
    let list: Vec<String> = words.iter().map(|w| quoted(w)).collect();
    append(
        markdown,
        "words",
        &format!("words: [{}]\n", list.join(", ")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_go_at_the_end_of_the_front_matter_as_one_list() {
        let md = "---\nstyle: \"简报\"\n---\n\n正文\n".to_string();
        let words = ["煤改电".to_string(), "拆改\"结合".to_string()];
        assert_eq!(
            with_words(md.clone(), &words),
            "---\nstyle: \"简报\"\nwords: [\"煤改电\", \"拆改\\\"结合\"]\n---\n\n正文\n"
        );
        assert_eq!(with_words(md.clone(), &[]), md);
        let own = "---\nwords: [甲乙]\n---\n".to_string();
        assert_eq!(with_words(own.clone(), &words), own);
    }
}
