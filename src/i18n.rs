//! Languages and every UI string, each in English and Chinese, in one table.
//!
//! Clinical rule texts do not live here: they belong to the rule catalogue.

use serde::{Deserialize, Serialize};

/// A display language of the app and the printed sheet.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    /// Simplified Chinese.
    #[serde(rename = "zh")]
    Zh,
    #[default]
    #[serde(rename = "en")]
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// The language to start with on a first visit, from a BCP 47 tag such as `navigator.language`.
    /// Any Chinese tag gives Chinese; everything else English.
    pub fn from_browser_tag(tag: &str) -> Lang {
        let primary = tag.split(['-', '_']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// The value for the `lang` attribute of `<html>`, so screen readers and fonts pick the right script.
    pub fn html_tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// The language's own name, as shown on the switch (never translated).
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Zh => "中文",
            Lang::En => "English",
        }
    }
}

/// Every fixed string the UI shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Text {
    AppName,
    Tagline,
    Notice,
    LanguageSwitch,
    InputsHeading,
    InputsPlaceholder,
    ResultsHeading,
    ResultsPlaceholder,
    Print,
    CalendarName,
    CalendarInjection,
    CalendarWindow,
    CalendarExit,
    CalendarCtx,
}

impl Text {
    pub const ALL: [Text; 14] = [
        Text::AppName,
        Text::Tagline,
        Text::Notice,
        Text::LanguageSwitch,
        Text::InputsHeading,
        Text::InputsPlaceholder,
        Text::ResultsHeading,
        Text::ResultsPlaceholder,
        Text::Print,
        Text::CalendarName,
        Text::CalendarInjection,
        Text::CalendarWindow,
        Text::CalendarExit,
        Text::CalendarCtx,
    ];

    /// The string in the given language.
    pub fn get(self, lang: Lang) -> &'static str {
        let (en, zh) = self.pair();
        match lang {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }

    /// (English, Chinese). Terms follow the project glossary.
    fn pair(self) -> (&'static str, &'static str) {
        match self {
            Text::AppName => ("OsteoPlan", "OsteoPlan"),
            Text::Tagline => (
                "Osteoporosis diagnosis, treatment choice and denosumab scheduling",
                "骨质疏松症诊断、治疗选择与地舒单抗注射计划",
            ),
            Text::Notice => (
                "Decision support for clinicians; does not replace clinical judgement",
                "供临床医生决策参考，不能替代临床判断",
            ),
            Text::LanguageSwitch => ("Language", "语言"),
            Text::InputsHeading => ("Patient data", "患者资料"),
            Text::InputsPlaceholder => (
                "Patient, DXA, fractures, risk factors, labs and drug history will be entered here.",
                "此处将录入患者信息、DXA结果、骨折、危险因素、化验及用药史。",
            ),
            Text::ResultsHeading => ("Recommendation", "诊疗建议"),
            Text::ResultsPlaceholder => (
                "Diagnosis, fracture risk, treatment options and the denosumab schedule will appear here.",
                "此处将显示诊断、骨折风险、治疗选择及地舒单抗注射计划。",
            ),
            Text::Print => ("Print recommendation sheet", "打印诊疗建议单"),
            Text::CalendarName => ("OsteoPlan: denosumab schedule", "OsteoPlan：地舒单抗注射计划"),
            Text::CalendarInjection => ("Denosumab injection due", "地舒单抗下次注射日期"),
            Text::CalendarWindow => ("Denosumab injection window", "地舒单抗注射窗口"),
            Text::CalendarExit => ("Exit plan after denosumab", "地舒单抗停药后序贯方案"),
            Text::CalendarCtx => ("Serum CTX check", "骨转换标志物CTX检测"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_browser_tags_start_in_chinese() {
        for tag in ["zh", "zh-CN", "zh-TW", "zh_Hans_CN", "ZH-hk"] {
            assert_eq!(Lang::from_browser_tag(tag), Lang::Zh, "{tag}");
        }
    }

    #[test]
    fn other_browser_tags_start_in_english() {
        for tag in ["en-US", "en", "de-DE", "", "z", "zhx"] {
            assert_eq!(Lang::from_browser_tag(tag), Lang::En, "{tag}");
        }
    }

    #[test]
    fn every_text_exists_in_both_languages() {
        for text in Text::ALL {
            for lang in Lang::ALL {
                assert!(!text.get(lang).trim().is_empty(), "{text:?} is empty in {lang:?}");
            }
            if text != Text::AppName {
                assert_ne!(text.get(Lang::En), text.get(Lang::Zh), "{text:?} is not translated");
                assert!(text.get(Lang::Zh).chars().any(|c| c > '\u{2E80}'), "{text:?} has no Chinese");
            }
        }
    }

    #[test]
    fn notice_uses_the_glossary_wording() {
        assert_eq!(Text::Notice.get(Lang::En), "Decision support for clinicians; does not replace clinical judgement");
        assert_eq!(Text::Notice.get(Lang::Zh), "供临床医生决策参考，不能替代临床判断");
    }

    #[test]
    fn language_is_stored_under_short_codes() {
        assert_eq!(serde_json::to_string(&Lang::Zh).unwrap(), "\"zh\"");
        assert_eq!(serde_json::from_str::<Lang>("\"en\"").unwrap(), Lang::En);
        assert!(serde_json::from_str::<Lang>("\"fr\"").is_err());
    }
}
