//! "Did you mean" by edit distance: the help line of a diagnostic about a
//! misspelled key, shared by every stage that reports one.

/// Levenshtein distance in characters.
pub fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

/// The candidate closest to `word`, if it is close enough to be a likely
/// typo: at most a third of the word's length (and at least 1) edits away.
/// Ties go to the first candidate, so callers pass a stable order.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    let lower = word.to_lowercase();
    let length = lower.chars().count();
    // The distance is at least the difference in length: candidates too
    // long or too short are passed over without filling the table (a
    // drift check weighs each unknown key against a whole sample's keys).
    let lowered_length = |c: &str| c.chars().flat_map(char::to_lowercase).count();
    candidates
        .into_iter()
        .filter(|c| *c != word && lowered_length(c).abs_diff(length) <= limit)
        .map(|c| (distance(&lower, &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(distance("attachement", "attachment"), 1);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("é", "e"), 1);
    }

    #[test]
    fn closest_is_a_likely_typo_only() {
        let keys = ["attachment", "attach_mode", "connector"];
        assert_eq!(closest("attachement", keys), Some("attachment"));
        assert_eq!(closest("volume", keys), None);
        assert_eq!(closest("ab", ["ac", "xy"]), Some("ac"));
    }

    /// What `closest` was before it passed over candidates by length.
    fn closest_by_distance_alone<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
        let limit = (word.chars().count() / 3).max(1);
        let lower = word.to_lowercase();
        candidates
            .iter()
            .copied()
            .filter(|c| *c != word)
            .map(|c| (distance(&lower, &c.to_lowercase()), c))
            .filter(|(d, _)| *d <= limit)
            .min_by_key(|(d, _)| *d)
            .map(|(_, c)| c)
    }

    /// Every word of up to 4 letters, among candidates of up to 4 letters
    /// (letters whose lower case is longer or is another letter among
    /// them): the length test passes over no candidate the distance would
    /// have kept, and ties still go to the first.
    #[test]
    fn passing_over_by_length_changes_no_answer() {
        let letters = ["a", "B", "İ", "Σ", "ß"];
        let mut words = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..4 {
            last = last
                .iter()
                .flat_map(|w| letters.iter().map(move |l| format!("{w}{l}")))
                .collect();
            words.extend(last.iter().cloned());
        }
        let candidates: Vec<&str> = words.iter().map(String::as_str).step_by(7).collect();
        let mut found = 0;
        for word in &words {
            let expected = closest_by_distance_alone(word, &candidates);
            assert_eq!(
                closest(word, candidates.iter().copied()),
                expected,
                "{word}"
            );
            found += usize::from(expected.is_some());
        }
        assert!(found > 100, "the words must have close candidates: {found}");
    }
}
