//! Sequencing warnings from `history` and the denosumab block (SEQ-*).

use chrono::NaiveDate;
use serde::Serialize;

use super::case::{Drug, Regimen};
use super::dates::{add_months, sub_months};
use super::facts::Facts;
use super::journey::Stage;
use super::rules::RuleId::{self, *};

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sequencing {
    pub rules: Vec<RuleId>,
}

/// A span of exposure to a drug, [start, end].
#[derive(Clone, Copy, Debug)]
struct Span {
    start: NaiveDate,
    end: NaiveDate,
}

impl Span {
    /// Spans that only touch do not overlap.
    fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// Denosumab injections on the osteoporosis regimen (the oncology regimen is outside these rules, DMAB-ONC).
fn osteoporosis_injections(facts: &Facts) -> &[NaiveDate] {
    match &facts.denosumab {
        Some(block) if block.regimen == Regimen::Osteoporosis60mgQ6m => &block.injections,
        _ => &[],
    }
}

/// Denosumab exposure: each `history` period, and the block from first injection to last + 6 months.
fn denosumab_spans(facts: &Facts) -> Vec<Span> {
    let mut spans: Vec<Span> = facts
        .history
        .iter()
        .filter(|p| p.drug == Drug::Denosumab)
        .map(|p| Span { start: p.start, end: p.end.unwrap_or(facts.assessed_on) })
        .collect();
    let injections = osteoporosis_injections(facts);
    if let (Some(&first), Some(&last)) = (injections.first(), injections.last()) {
        spans.push(Span { start: first, end: add_months(last, 6) });
    }
    spans
}

/// The last denosumab dose known: the block's last injection, else the latest end of a denosumab period.
fn last_denosumab(facts: &Facts) -> Option<NaiveDate> {
    let from_history = facts.history.iter().filter(|p| p.drug == Drug::Denosumab).filter_map(|p| p.end).max();
    osteoporosis_injections(facts).last().copied().max(from_history)
}

/// Bisphosphonate exposure for SEQ-NO-COMBO: oral periods as given (ongoing: to `assessed_on`); zoledronic acid
/// 12 months from each infusion. The exit drug — a bisphosphonate starting 5 months or more after the last
/// denosumab dose (DMAB-EXIT-GIVEN) — is the planned sequence, not a combination.
fn bisphosphonate_spans(facts: &Facts) -> Vec<Span> {
    let last_dmab = last_denosumab(facts);
    facts
        .history
        .iter()
        .filter(|p| p.drug.is_bisphosphonate())
        .filter(|p| last_dmab.is_none_or(|last| p.start < add_months(last, 5)))
        .map(|p| match p.drug {
            Drug::ZoledronicAcid => Span { start: p.start, end: add_months(p.start, 12) },
            _ => Span { start: p.start, end: p.end.unwrap_or(facts.assessed_on) },
        })
        .collect()
}

fn no_combo(facts: &Facts) -> bool {
    let dmab = denosumab_spans(facts);
    oncology_combination(facts) || bisphosphonate_spans(facts).into_iter().any(|bp| dmab.iter().any(|d| d.overlaps(bp)))
}

/// SEQ-NO-COMBO's danger (v3): a continuing oncology block (denosumab 120 mg every 4 weeks) and a bisphosphonate
/// that is ongoing, or a zoledronic acid infusion less than 12 months old.
pub fn oncology_combination(facts: &Facts) -> bool {
    let oncology = facts.denosumab.as_ref().is_some_and(|b| {
        b.regimen == Regimen::Oncology120mgQ4w && b.plan == super::case::Plan::Continue && !b.injections.is_empty()
    });
    oncology && current_bisphosphonate(facts).is_some()
}

/// The bisphosphonate being taken today: an ongoing oral period, or zoledronic acid within 12 months (latest start).
pub fn current_bisphosphonate(facts: &Facts) -> Option<Drug> {
    facts
        .history
        .iter()
        .filter(|p| p.drug.is_bisphosphonate() && super::journey::is_ongoing(p, facts.assessed_on))
        .max_by_key(|p| p.start)
        .map(|p| p.drug)
}

/// SEQ-DMAB-TO-PTH: a PTH analogue started after denosumab had begun.
fn dmab_to_pth(facts: &Facts) -> bool {
    let Some(dmab_start) = denosumab_spans(facts).iter().map(|s| s.start).min() else { return false };
    facts.history.iter().any(|p| p.drug.is_pth_analogue() && p.start > dmab_start)
}

/// SEQ-FROM-BP: a bisphosphonate begun before the first injection (or before `assessed_on` when denosumab has not
/// started) that is ongoing or ended within the 12 months before it. Later ones (an exit infusion) do not count.
fn from_bisphosphonate(facts: &Facts) -> bool {
    let Some(block) = &facts.denosumab else { return false };
    if block.regimen != Regimen::Osteoporosis60mgQ6m {
        return false;
    }
    let start = block.injections.first().copied().unwrap_or(facts.assessed_on);
    let since = sub_months(start, 12);
    facts.history.iter().any(|p| {
        let end = super::journey::period_end(p);
        p.drug.is_bisphosphonate() && p.start <= start && end.is_none_or(|end| end >= since)
    })
}

pub fn sequencing(facts: &Facts, stage: Stage) -> Sequencing {
    let checks = [
        (SeqNoCombo, no_combo(facts)),
        (SeqDmabToPth, dmab_to_pth(facts)),
        (SeqAnabolicFirst, stage == Stage::AfterAnabolic),
        (SeqFromBp, from_bisphosphonate(facts)),
    ];
    Sequencing { rules: checks.into_iter().filter(|(_, holds)| *holds).map(|(rule, _)| rule).collect() }
}
