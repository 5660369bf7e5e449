//! The display languages and the small rules of writing in each (punctuation, durations). Free of any UI string
//! so that the app state can use it without the string table (`crate::words::i18n`).

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

    /// The language a page starts in: the user's saved choice wins; on a first visit, the browser's (its BCP 47
    /// tag); English without either.
    pub fn at_start(saved: Option<Lang>, browser_tag: Option<&str>) -> Lang {
        saved.unwrap_or_else(|| browser_tag.map(Lang::from_browser_tag).unwrap_or_default())
    }

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

    /// Between a label and its value: Chinese uses the full-width colon.
    pub fn colon(self) -> &'static str {
        match self {
            Lang::Zh => "：",
            Lang::En => ": ",
        }
    }

    /// Between the items of a list: Chinese uses the enumeration comma.
    pub fn list_separator(self) -> &'static str {
        match self {
            Lang::Zh => "、",
            Lang::En => ", ",
        }
    }

    /// Between clauses.
    pub fn semicolon(self) -> &'static str {
        self.pick(("; ", "；"))
    }

    /// Between asides of different kinds ("60 mg, dose 5"); the enumeration comma is for lists of like items.
    pub fn comma(self) -> &'static str {
        self.pick((", ", "，"))
    }

    pub fn full_stop(self) -> &'static str {
        self.pick((".", "。"))
    }

    /// Between two sentences: a space in English, nothing after a Chinese full stop.
    pub fn sentence_gap(self) -> &'static str {
        self.pick((" ", ""))
    }

    /// The string of an (English, Chinese) pair for this language: every text table of the app picks through this.
    pub fn pick(self, (en, zh): (&'static str, &'static str)) -> &'static str {
        match self {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }

    /// "text (aside)", with full-width brackets in Chinese.
    pub fn parenthesised(self, text: &str, aside: &str) -> String {
        match self {
            Lang::Zh => format!("{text}（{aside}）"),
            Lang::En => format!("{text} ({aside})"),
        }
    }

    /// A duration: "6 months" / "6个月" (a bare "6月" would read as June).
    pub fn months(self, months: f64) -> String {
        match self {
            Lang::Zh => format!("{}个月", crate::words::numbers::trimmed(months, 2)),
            Lang::En => format!("{} months", crate::words::numbers::trimmed(months, 2)),
        }
    }

    /// "68 days late" / "已延迟68天": the number sits inside the Chinese phrase.
    pub fn days_late(self, days: i64) -> String {
        match self {
            Lang::Zh => format!("已延迟{days}天"),
            Lang::En => format!("{days} days late"),
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
    fn language_is_stored_under_short_codes() {
        assert_eq!(serde_json::to_string(&Lang::Zh).unwrap(), "\"zh\"");
        assert_eq!(serde_json::from_str::<Lang>("\"en\"").unwrap(), Lang::En);
        assert!(serde_json::from_str::<Lang>("\"fr\"").is_err());
    }
}
