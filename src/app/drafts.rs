//! One patient per tab (issue 24): each calculator tab keeps its own draft on this device, under its own key, so
//! another tab's edits never replace it. This is the browser-free part: whose case it is (for the page title and the
//! results), which drafts of closed tabs to offer again, and which to delete when there are too many.

use crate::clinical::case::Case;

/// The most drafts this device keeps; the oldest of the others go at start-up, unless their tab is open.
pub const KEEP: usize = 20;

/// The most drafts of closed tabs a new tab offers to reopen.
pub const OFFERED: usize = 6;

/// A draft kept on this device: the id of the tab it belongs to, its stamp (`1764918000 Wang Li · P001`: when it
/// was last saved, in seconds since 1970, and whose it is; empty when unknown, which makes it the oldest), and
/// whether its tab is open now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kept {
    pub tab: String,
    pub stamp: String,
    pub open: bool,
}

impl Kept {
    /// The stamp of a draft saved at `seconds` for `case`.
    pub fn stamp(seconds: usize, case: &Case) -> String {
        format!("{seconds} {}", patient_label(case).unwrap_or_default())
    }

    /// Whose draft it is ("Wang Li · P001"); empty for a patient without name and ID.
    pub fn who(&self) -> &str {
        self.stamp.split_once(' ').map_or("", |(_, who)| who)
    }

    /// When it was last saved, in seconds since 1970.
    pub fn saved(&self) -> usize {
        self.stamp.split(' ').next().and_then(|ms| ms.parse().ok()).unwrap_or(0)
    }
}

/// The patient's name and ID as the page shows them, e.g. "Wang Li · P001"; `None` for a patient without either.
pub fn patient_label(case: &Case) -> Option<String> {
    let parts: Vec<&str> = [case.patient.name.as_deref(), case.patient.id.as_deref()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// How many drafts were saved after this one: its place, newest first (0 for the newest). The stamps start with
/// the time, 10 digits from 2001 to 2286, so they compare as text; ties are broken by the tab's id, so each
/// draft has a place of its own. (Counting rather than sorting: a few dozen drafts at most, and no sort compiled.)
fn place(kept: &[Kept], draft: &Kept) -> usize {
    kept.iter().filter(|other| (&other.stamp, &other.tab) > (&draft.stamp, &draft.tab)).count()
}

/// The drafts to delete: every one past the `KEEP` most recently saved, except those of tabs open now (this one
/// included): a tab's case is never deleted under it.
pub fn to_prune(kept: &[Kept]) -> impl Iterator<Item = &Kept> {
    kept.iter().filter(|k| !k.open && place(kept, k) >= KEEP)
}

/// The drafts a new tab offers to reopen: those of tabs no longer open, newest first, at most `OFFERED`.
pub fn reopenable(kept: &[Kept]) -> Vec<Kept> {
    (0..kept.len())
        .filter_map(|at| kept.iter().find(|k| place(kept, k) == at))
        .filter(|k| !k.open)
        .take(OFFERED)
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `n` drafts saved in a shuffled order: tab "t7" at time 1000000007, and so on; those in `open` are open.
    fn kept(n: u64, open: &[&str]) -> Vec<Kept> {
        (0..n)
            .map(|i| (i * 7) % n)
            .map(|i| {
                let tab = format!("t{i}");
                Kept { stamp: format!("{} P{i}", 1_000_000_000 + i), open: open.contains(&tab.as_str()), tab }
            })
            .collect()
    }

    fn tabs<'a>(drafts: impl IntoIterator<Item = &'a Kept>) -> Vec<&'a str> {
        let mut tabs: Vec<&str> = drafts.into_iter().map(|k| k.tab.as_str()).collect();
        tabs.sort();
        tabs
    }

    #[test]
    fn nothing_is_pruned_up_to_the_limit() {
        assert!(to_prune(&kept(KEEP as u64, &[])).next().is_none());
        assert!(to_prune(&[]).next().is_none());
    }

    #[test]
    fn the_oldest_past_the_limit_are_pruned() {
        let all = kept(KEEP as u64 + 3, &[]);
        assert_eq!(tabs(to_prune(&all)), ["t0", "t1", "t2"]);
    }

    #[test]
    fn an_open_tab_keeps_its_draft_however_old() {
        let all = kept(KEEP as u64 + 3, &["t0", "t22"]);
        assert_eq!(tabs(to_prune(&all)), ["t1", "t2"], "t0 is open; t22 is among the newest anyway");
    }

    #[test]
    fn a_draft_of_unknown_age_goes_first() {
        let mut all = kept(KEEP as u64, &[]);
        all.push(Kept { tab: "unknown".into(), stamp: String::new(), open: false });
        assert_eq!(tabs(to_prune(&all)), ["unknown"]);
    }

    #[test]
    fn drafts_saved_at_the_same_time_each_have_a_place() {
        let same: Vec<Kept> =
            (0..KEEP + 2).map(|i| Kept { tab: format!("t{i:02}"), stamp: "1000000000 ".into(), open: false }).collect();
        assert_eq!(tabs(to_prune(&same)), ["t00", "t01"]);
        assert_eq!(reopenable(&same).len(), OFFERED);
    }

    #[test]
    fn a_new_tab_offers_the_newest_drafts_of_closed_tabs() {
        let offered: Vec<String> = reopenable(&kept(10, &["t9", "t8"])).into_iter().map(|k| k.tab).collect();
        assert_eq!(offered, ["t7", "t6", "t5", "t4", "t3", "t2"]);
        assert!(reopenable(&kept(2, &["t0", "t1"])).is_empty());
    }

    #[test]
    fn a_stamp_says_when_and_whose() {
        let mut case = Case::default();
        case.patient.name = Some("Wang Li".into());
        case.patient.id = Some("P001".into());
        let draft = Kept { tab: "t".into(), stamp: Kept::stamp(1_764_918_000, &case), open: false };
        assert_eq!((draft.saved(), draft.who()), (1_764_918_000, "Wang Li · P001"));
        let nobody = Kept { stamp: Kept::stamp(1_764_918_001, &Case::default()), ..draft.clone() };
        assert_eq!((nobody.saved(), nobody.who()), (1_764_918_001, ""));
        let unknown = Kept { stamp: String::new(), ..draft };
        assert_eq!((unknown.saved(), unknown.who()), (0, ""));
    }

    #[test]
    fn the_label_names_the_patient_by_name_and_id() {
        let mut case = Case::default();
        assert_eq!(patient_label(&case), None);
        case.patient.name = Some("  ".into());
        assert_eq!(patient_label(&case), None, "blank is no name");
        case.patient.id = Some("P001".into());
        assert_eq!(patient_label(&case).as_deref(), Some("P001"));
        case.patient.name = Some(" Wang Li ".into());
        assert_eq!(patient_label(&case).as_deref(), Some("Wang Li · P001"));
        case.patient.id = None;
        assert_eq!(patient_label(&case).as_deref(), Some("Wang Li"));
    }
}
