//! The clinic's settings (a setting of this device, like the clinic header): the guideline profile, the centre's
//! least significant change per site and the laboratory's premenopausal CTX/P1NP means. They are kept as a partial
//! case (`profile`, `lsc_percent`, `btm_reference`), so the settings panel reuses the form's fields and the case's
//! reader, and they reach every case that does not carry its own values.

use crate::clinical::case::{Case, Profile};
use crate::words::lang::Lang;

/// The profile a first visit suggests: the Chinese guideline for a page in Chinese, AACE 2020 in English.
pub fn suggested_profile(lang: Lang) -> Profile {
    match lang {
        Lang::Zh => Profile::Cn2022,
        Lang::En => Profile::Aace2020,
    }
}

/// Fills the settings into a case that does not carry its own values; `new_patient`: a case with nothing entered,
/// which takes the clinic's profile (a case read from a file or a link carries its own: an absent `profile` is
/// `cn-2022`, the format's default).
pub fn fill(case: &mut Case, settings: &Case, new_patient: bool) {
    if new_patient {
        case.profile = settings.profile;
    }
    if case.lsc_percent.is_none() {
        case.lsc_percent = settings.lsc_percent;
    }
    if case.btm_reference.is_none() {
        case.btm_reference = settings.btm_reference;
    }
}

/// After the settings change from `old` to `new`: each value of the open case that was the old setting follows the
/// new one; a value of the case's own stays.
pub fn follow(case: &mut Case, old: &Case, new: &Case) {
    if case.profile == old.profile {
        case.profile = new.profile;
    }
    if case.lsc_percent == old.lsc_percent {
        case.lsc_percent = new.lsc_percent;
    }
    if case.btm_reference == old.btm_reference {
        case.btm_reference = new.btm_reference;
    }
}

/// Settings emptied field by field are no settings: an empty `{}` is not written into cases.
pub fn tidy(settings: &mut Case) {
    if settings.lsc_percent.is_some_and(|l| l == Default::default()) {
        settings.lsc_percent = None;
    }
    if settings.btm_reference.is_some_and(|r| r == Default::default()) {
        settings.btm_reference = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clinical::case::{BtmReference, LscPercent};

    fn settings() -> Case {
        Case {
            profile: Profile::Aace2020,
            lsc_percent: Some(LscPercent { lumbar_spine: Some(3.2), ..LscPercent::default() }),
            btm_reference: Some(BtmReference { ctx_ng_ml: Some(0.3), p1np_ng_ml: None }),
            ..Case::default()
        }
    }

    #[test]
    fn the_settings_fill_what_a_case_does_not_carry() {
        let mut case = Case::default();
        fill(&mut case, &settings(), false);
        assert_eq!(case.lsc_percent, settings().lsc_percent);
        assert_eq!(case.btm_reference, settings().btm_reference);
        assert_eq!(case.profile, Profile::Cn2022, "a loaded case carries its profile");
        fill(&mut case, &settings(), true);
        assert_eq!(case.profile, Profile::Aace2020, "a new patient takes the clinic's");
    }

    #[test]
    fn a_case_with_its_own_values_keeps_them() {
        let own = Case {
            lsc_percent: Some(LscPercent { total_hip: Some(5.0), ..LscPercent::default() }),
            btm_reference: Some(BtmReference { ctx_ng_ml: None, p1np_ng_ml: Some(40.0) }),
            ..Case::default()
        };
        let mut case = own.clone();
        fill(&mut case, &settings(), false);
        assert_eq!(case, own);
        follow(&mut case, &Case::default(), &settings());
        assert_eq!((case.lsc_percent, case.btm_reference), (own.lsc_percent, own.btm_reference));
    }

    #[test]
    fn values_that_came_from_the_settings_follow_them() {
        let mut case = Case::default();
        fill(&mut case, &settings(), true);
        let mut changed = settings();
        changed.profile = Profile::Cn2022;
        changed.lsc_percent = None;
        follow(&mut case, &settings(), &changed);
        assert_eq!(
            (case.profile, case.lsc_percent, case.btm_reference),
            (Profile::Cn2022, None, settings().btm_reference)
        );
    }

    #[test]
    fn emptied_settings_are_none() {
        let mut s = Case { lsc_percent: Some(LscPercent::default()), ..settings() };
        tidy(&mut s);
        assert_eq!(s.lsc_percent, None);
        assert!(s.btm_reference.is_some());
    }

    #[test]
    fn a_first_visit_suggests_the_profile_of_its_language() {
        assert_eq!(suggested_profile(Lang::En), Profile::Aace2020);
        assert_eq!(suggested_profile(Lang::Zh), Profile::Cn2022);
    }
}
