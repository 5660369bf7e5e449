//! The clinic-list page's state (issue 16), UI-free like `state.rs`: the register file held in memory, the list's
//! date and horizon, the filter, the build's progress and the list built. One reducer; the page's only effect (the
//! build, in slices) reacts to `generation` and reports back with it, so a build that a newer file or date has
//! replaced can never overwrite the newer list.
//!
//! The file is never written to storage: a register holds every patient of the clinic.

use std::rc::Rc;

use chrono::NaiveDate;

use crate::clinic_list::{Bucket, ClinicList, Encoding, ListFilter, ListOptions, MAX_LIST_BYTES};

/// A register file opened on the page: its text, read from its bytes by `clinic_list::decode` as the command line
/// reads it.
#[derive(Debug, PartialEq, Eq)]
pub struct ListFile {
    pub name: String,
    pub text: String,
    pub encoding: Encoding,
    /// Characters that could not be read (shown as U+FFFD) and the line of the first (`clinic_list::replaced`).
    pub replaced: Option<(usize, usize)>,
}

/// Why a file was not read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileProblem {
    /// Over `MAX_LIST_BYTES`: refused before it is read.
    TooBig,
    /// The browser could not read it, or it is not text (`clinic_list::decode`).
    Unreadable,
}

/// A list built, shared by the page, its table and the printed worklist. Equal only to itself: a list is never
/// changed in place, and comparing 5 000 evaluated patients on every render would cost more than the render.
#[derive(Clone, Debug)]
pub struct SharedList(pub Rc<ClinicList>);

impl PartialEq for SharedList {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Deref for SharedList {
    type Target = ClinicList;

    fn deref(&self) -> &ClinicList {
        &self.0
    }
}

/// A build under way: cases evaluated of all read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

#[derive(Clone, Debug)]
pub struct ListPage {
    pub file: Option<Rc<ListFile>>,
    pub options: ListOptions,
    pub filter: ListFilter,
    /// "No names in calendar": events name the patient by register row only, not by ID or name (a calendar synced
    /// to a phone). Shared with the calculator's calendar (the page keeps it in storage).
    pub no_names_in_calendar: bool,
    /// Counts the builds asked for; the build effect runs once for each value while a file is open.
    pub generation: u64,
    /// While a build runs; the previous list (if any) stays on screen until the new one is ready.
    pub progress: Option<Progress>,
    pub list: Option<SharedList>,
    /// The last file refused, with its name.
    pub problem: Option<(String, FileProblem)>,
}

/// Equal when showing the same thing; the file compares by identity, like the list.
impl PartialEq for ListPage {
    fn eq(&self, other: &Self) -> bool {
        let same_file = match (&self.file, &other.file) {
            (Some(a), Some(b)) => Rc::ptr_eq(a, b),
            (a, b) => a.is_none() && b.is_none(),
        };
        same_file
            && self.list == other.list
            && self.options == other.options
            && self.filter == other.filter
            && self.no_names_in_calendar == other.no_names_in_calendar
            && self.generation == other.generation
            && self.progress == other.progress
            && self.problem == other.problem
    }
}

#[derive(Debug)]
pub enum ListAction {
    Read(Rc<ListFile>),
    /// A file not read: its name and why. The open file and its list stay.
    Refused(String, FileProblem),
    SetDate(NaiveDate),
    SetWeeks(u32),
    Progress {
        generation: u64,
        progress: Progress,
    },
    Built {
        generation: u64,
        list: Rc<ClinicList>,
    },
    ToggleBucket(Bucket),
    SetFrom(Option<NaiveDate>),
    SetTo(Option<NaiveDate>),
    ClearFilter,
    SetNoNamesInCalendar(bool),
    /// Closes the file and forgets the list.
    Close,
}

/// Whether a file of this size is read at all (a wrong file must not fill the memory).
pub fn readable_size(bytes: f64) -> bool {
    bytes <= MAX_LIST_BYTES as f64
}

impl ListPage {
    pub fn new(today: NaiveDate) -> Self {
        ListPage {
            file: None,
            options: ListOptions::new(today),
            filter: ListFilter::default(),
            no_names_in_calendar: false,
            generation: 0,
            progress: None,
            list: None,
            problem: None,
        }
    }

    /// Whether a build is asked for and not finished (the build effect runs for each `generation`).
    pub fn needs_build(&self) -> bool {
        self.file.is_some() && self.progress.is_some()
    }

    pub fn apply(&self, action: ListAction) -> ListPage {
        let mut next = self.clone();
        match action {
            ListAction::Read(file) => {
                next.problem = None;
                next.file = Some(file);
                next.list = None;
                next.filter = ListFilter::default();
                next.rebuild();
            }
            ListAction::Refused(name, problem) => next.problem = Some((name, problem)),
            ListAction::SetDate(today) if today != next.options.today => {
                next.options.today = today;
                next.rebuild();
            }
            ListAction::SetWeeks(weeks) if weeks != next.options.weeks => {
                next.options.weeks = weeks;
                next.rebuild();
            }
            ListAction::SetDate(_) | ListAction::SetWeeks(_) => {}
            ListAction::Progress { generation, progress } => {
                if generation == next.generation && next.progress.is_some() {
                    next.progress = Some(progress);
                }
            }
            ListAction::Built { generation, list } => {
                if generation == next.generation && next.file.is_some() {
                    next.progress = None;
                    next.list = Some(SharedList(list));
                }
            }
            ListAction::ToggleBucket(bucket) => {
                let buckets = &mut next.filter.buckets;
                match buckets.iter().position(|&b| b == bucket) {
                    Some(i) => {
                        buckets.remove(i);
                    }
                    None => {
                        buckets.push(bucket);
                        crate::clinical::sorting::sort(buckets);
                    }
                }
            }
            ListAction::SetFrom(from) => next.filter.from = from,
            ListAction::SetTo(to) => next.filter.to = to,
            ListAction::ClearFilter => next.filter = ListFilter::default(),
            ListAction::SetNoNamesInCalendar(names) => next.no_names_in_calendar = names,
            ListAction::Close => {
                next.file = None;
                next.list = None;
                next.progress = None;
                next.filter = ListFilter::default();
                // A build still running reports with the old generation and is ignored.
                next.generation += 1;
            }
        }
        next
    }

    /// Asks for a new build of the open file (a new file, date or horizon).
    fn rebuild(&mut self) {
        if self.file.is_some() {
            self.generation += 1;
            self.progress = Some(Progress { done: 0, total: 0 });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clinic_list::ListOptions;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn opened() -> ListPage {
        let file =
            Rc::new(ListFile { name: "r.csv".into(), text: "id\n".into(), encoding: Encoding::Utf8, replaced: None });
        ListPage::new(day(25)).apply(ListAction::Read(file))
    }

    fn list(today: NaiveDate) -> Rc<ClinicList> {
        Rc::new(ClinicList {
            options: ListOptions::new(today),
            rows: Vec::new(),
            errors: Vec::new(),
            more_errors: 0,
            left_out: 0,
            flawed: 0,
            refused: None,
        })
    }

    #[test]
    fn a_file_starts_a_build_and_its_list_replaces_the_progress() {
        let page = opened();
        assert!(page.needs_build());
        assert_eq!(page.generation, 1);
        let page = page.apply(ListAction::Built { generation: 1, list: list(day(25)) });
        assert!(!page.needs_build());
        assert!(page.list.is_some());
    }

    #[test]
    fn a_build_replaced_by_a_newer_one_is_ignored() {
        let page = opened().apply(ListAction::SetDate(day(26)));
        assert_eq!(page.generation, 2);
        let stale = page.apply(ListAction::Built { generation: 1, list: list(day(25)) });
        assert!(stale.list.is_none() && stale.needs_build());
        let stale = page.apply(ListAction::Progress { generation: 1, progress: Progress { done: 5, total: 9 } });
        assert_eq!(stale.progress, Some(Progress { done: 0, total: 0 }));
    }

    #[test]
    fn the_same_date_or_horizon_again_builds_nothing() {
        let page = opened();
        assert_eq!(page.apply(ListAction::SetDate(day(25))).generation, 1);
        assert_eq!(page.apply(ListAction::SetWeeks(4)).generation, 1);
        assert_eq!(page.apply(ListAction::SetWeeks(6)).generation, 2);
        // Without a file a date change only records the date.
        let empty = ListPage::new(day(25)).apply(ListAction::SetDate(day(20)));
        assert!(!empty.needs_build() && empty.options.today == day(20));
    }

    #[test]
    fn a_refused_file_keeps_the_open_list_and_the_next_file_clears_the_problem() {
        assert!(readable_size(1e6) && readable_size(MAX_LIST_BYTES as f64) && !readable_size(40e6));
        let page = opened().apply(ListAction::Built { generation: 1, list: list(day(25)) });
        let refused = page.apply(ListAction::Refused("big.csv".into(), FileProblem::TooBig));
        assert_eq!(refused.problem, Some(("big.csv".into(), FileProblem::TooBig)));
        assert!(refused.list.is_some() && refused.file.is_some() && refused.generation == 1);
        let file =
            Rc::new(ListFile { name: "r.csv".into(), text: "id\n".into(), encoding: Encoding::Utf8, replaced: None });
        assert_eq!(refused.apply(ListAction::Read(file)).problem, None);
    }

    #[test]
    fn buckets_toggle_in_the_list_order_and_clear() {
        let page =
            opened().apply(ListAction::ToggleBucket(Bucket::DueSoon)).apply(ListAction::ToggleBucket(Bucket::Overdue));
        assert_eq!(page.filter.buckets, vec![Bucket::Overdue, Bucket::DueSoon]);
        let page = page.apply(ListAction::ToggleBucket(Bucket::Overdue));
        assert_eq!(page.filter.buckets, vec![Bucket::DueSoon]);
        assert!(!page.apply(ListAction::ClearFilter).filter.is_active());
    }

    #[test]
    fn closing_forgets_the_file_and_any_build_under_way() {
        let page = opened().apply(ListAction::Close);
        assert!(page.file.is_none() && page.list.is_none() && !page.needs_build());
        assert!(page.apply(ListAction::Built { generation: 1, list: list(day(25)) }).list.is_none());
    }
}
