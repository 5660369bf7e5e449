//! The sheet for the patient (`document::patient`, "Print for the patient"): every sentence in plain words, in
//! English and Chinese, as templates with `{named}` values; no codes, no clinical shorthand. Read and signed by a
//! clinician (issue 27).
//!
//! Like the rule texts (`rule_texts`), these are in the native build (command line, tests) and not in the browser's
//! wasm: the page loads them with the rule texts from `static/rule-texts.json` when the patient's sheet is asked
//! for, since most visits never print one (the calculator's page is near its size budget).

use crate::words::lang::Lang;

macro_rules! patient_texts {
    ($($name:ident => ($en:expr, $zh:expr),)*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum PatientText {
            $($name,)*
        }

        impl PatientText {
            pub const ALL: &'static [PatientText] = &[$(PatientText::$name,)*];

            /// The text's name in `rule-texts.json`.
            #[cfg(any(not(target_arch = "wasm32"), test))]
            pub fn key(self) -> &'static str {
                match self {
                    $(PatientText::$name => stringify!($name),)*
                }
            }
        }

        /// The table, by `PatientText as usize`. Not in the browser build.
        #[cfg(not(target_arch = "wasm32"))]
        static TEXTS: &[[&str; 2]] = &[$([$en, $zh],)*];
    };
}

impl PatientText {
    /// The text in `lang`. In the browser, empty until `install` has the texts (the page loads them before it makes
    /// the sheet).
    pub fn get(self, lang: Lang) -> &'static str {
        #[cfg(not(target_arch = "wasm32"))]
        let pair = TEXTS[self as usize];
        #[cfg(target_arch = "wasm32")]
        let pair = LOADED.get().and_then(|t| t.get(self as usize).copied()).unwrap_or(["", ""]);
        lang.pick((pair[0], pair[1]))
    }
}

/// The texts loaded in the browser, by `PatientText as usize`.
#[cfg(target_arch = "wasm32")]
static LOADED: std::sync::OnceLock<Vec<[&'static str; 2]>> = std::sync::OnceLock::new();

/// Makes `texts` (read from `rule-texts.json` by `rule_texts::from_json`) the ones `get` gives.
#[cfg(target_arch = "wasm32")]
pub fn install(texts: Vec<[&'static str; 2]>) {
    let _ = LOADED.set(texts);
}

/// Every text as (name, [English, Chinese]), for `rule-texts.json`.
#[cfg(not(target_arch = "wasm32"))]
pub fn table() -> impl Iterator<Item = (&'static str, [&'static str; 2])> {
    PatientText::ALL.iter().map(|t| (t.key(), TEXTS[*t as usize]))
}

patient_texts! {
    Title => ("Your bone treatment", "您的骨质疏松治疗"),
    MedicineHead => ("Your medicine", "您的药物"),
    Drug => ("Your medicine: {drug}.", "您的药物：{drug}。"),
    StopOld => ("Stop {drug}: the new medicine below replaces it.", "停用{drug}：改用下面的新药物。"),
    NoDrug => ("Your doctor will talk with you about a medicine for your bones.", "医生会和您商量治疗骨质疏松的药物。"),
    Stopping => ("You are stopping denosumab. You must have {drug} on the date below, or the bone loss comes back quickly.", "您将停用地舒单抗。必须在下面写的日期使用{drug}，否则骨量会很快流失。"),
    Stopped => ("You have stopped denosumab. You had {drug} on {date} so that your bones keep their strength. Keep to the dates below: the blood tests show whether you need more.", "您已停用地舒单抗。您已于{date}使用{drug}，以防骨量流失。请按下面的日期复查：抽血结果会告诉医生是否还需要再用药。"),
    HowDenosumab => ("It is an injection under the skin once every 6 months. Every dose must be on time.", "它是皮下注射，每6个月1次。每一针都必须按时打。"),
    HowDenosumabOncology => ("It is an injection under the skin every 4 weeks. Every dose must be on time.", "它是皮下注射，每4周1次。每一针都必须按时打。"),
    HowTablet => ("Take it when you get up, before any food, drink or other medicine: swallow it whole with a full glass of plain water. For 30 minutes after, do not lie down and have nothing else: no food, drink or medicine (calcium tablets too).", "早上起床后，在吃饭、喝其他饮料、吃其他药之前，用一满杯白开水整片吞服。服药后30分钟内不要躺下，不吃东西、不喝其他饮料、不吃其他药（包括钙片）。"),
    HowInfusion => ("It is a drip into a vein. Drink 2 extra glasses of water in the hours before the drip, and drink well for 2 days after. After the first drip, fever or aches for 1–3 days are common; paracetamol helps. Call us if it lasts longer.", "它是静脉输液。输液前几小时内请多喝2杯水，输液后2天内也要多喝水。第一次输液后1–3天内出现发烧或全身酸痛比较常见，可服对乙酰氨基酚；超过3天不好转请联系我们。"),
    HowOther => ("Use it exactly as your doctor explained.", "请严格按照医生的说明用药。"),
    Why => ("Why: osteoporosis makes bones thin, so they break easily. The medicine makes your bones stronger and lowers the chance of a broken bone.", "为什么用药：骨质疏松会让骨头变薄变脆，容易骨折。药物能让骨头更结实，减少骨折的机会。"),
    TellDentist => ("Brush your teeth twice a day. Tell any dentist which bone medicine you take or have had.", "每天刷牙2次。看牙时请告诉牙医您正在用或用过哪种骨质疏松药物。"),
    DatesHead => ("Your next dates", "您接下来的日期"),
    ColWhat => ("What", "项目"),
    ColWhen => ("When", "日期"),
    ColDone => ("Done", "已完成"),
    RowDose => ("Denosumab injection", "地舒单抗注射"),
    RowDrip => ("{drug} drip", "{drug}静脉输液"),
    RowStart => ("Start {drug}", "开始使用{drug}"),
    RowCtx => ("Blood test (CTX): morning, before breakfast (water is fine)", "抽血（β-CTX）：早上空腹，可以喝白开水"),
    RowBlood => ("Blood test", "抽血化验"),
    RowDxa => ("Bone density scan (DXA)", "骨密度检查（DXA）"),
    RowReview => ("Visit to review your treatment", "复诊，评估治疗"),
    RowDental => ("Dental check-up", "口腔检查"),
    Today => ("today, {date}", "今天（{date}）"),
    By => ("by {date}", "{date}前"),
    Window => ("{date} (aim for this day; never later than {close})", "{date}（请尽量在这一天，最晚不超过{close}）"),
    NeverHead => ("Please never", "请千万不要"),
    NeverStopDenosumab => ("stop or delay denosumab on your own. When a dose is late, the bone loss comes back fast and bones of the spine can break. If you want to stop, we plan it with you first: you will need another medicine after it.", "自行停用或推迟地舒单抗。注射延迟时，骨量会很快流失，脊柱可能发生骨折。如想停药，请先和医生一起制定方案：停药后需要换用另一种药物。"),
    NeverMissExit => ("miss the {drug} date above.", "错过上面{drug}的日期。"),
    NeverMissChecks => ("miss a blood test or visit date above.", "错过上面的抽血或复诊日期。"),
    NeverOther => ("start another medicine for your bones without asking us first.", "未经医生同意，自行加用其他治疗骨质疏松的药物。"),
    TellHead => ("Tell us soon if you have", "出现以下情况，请尽快告诉我们"),
    TellJaw => ("pain or swelling in the jaw, a sore or bare bone in the mouth that does not heal, or a loose tooth", "颌骨疼痛或肿胀、口腔里的伤口久不愈合或露出骨头，或牙齿松动"),
    TellThigh => ("new pain in the thigh, hip or groin, even without a fall", "大腿、髋部或大腿根（腹股沟）新出现的疼痛，即使没有摔倒"),
    TellInfection => ("signs of an infection: fever, or skin that is red, hot, swollen or painful", "感染的表现：发烧，或皮肤发红、发烫、肿胀或疼痛"),
    TellBack => ("new or sudden back pain, or getting shorter", "突然出现的背痛或腰痛，或身高变矮"),
    TellSwallow => ("pain or trouble swallowing, or new heartburn: stop the tablets and call us", "吞咽疼痛或困难，或新出现烧心：请停药并联系我们"),
    TellCalcium => ("tingling in the fingers or around the mouth, muscle cramps or twitching", "手指或口唇周围发麻、肌肉抽筋或抽动"),
    CalciumHead => ("Calcium and vitamin D", "钙和维生素D"),
    Calcium => ("Have calcium every day, from food first: milk, yoghurt, cheese, tofu, green vegetables. Most people need about 1000–1200 mg a day in all.", "每天要吃够钙，首选食物：牛奶、酸奶、奶酪、豆腐、绿叶蔬菜。大多数人每天一共需要约1000–1200 mg钙。"),
    VitaminD => ("Take vitamin D as your doctor advised.", "按医生的建议服用维生素D。"),
    Active => ("Stay active and take care not to fall: good light, no loose rugs, firm shoes.", "保持活动，注意防止跌倒：光线充足，不铺易滑的地毯，穿防滑的鞋。"),
    Clinic => ("Questions? Call us: {clinic}", "有疑问请联系：{clinic}"),
    NoClinic => ("Questions? Ask your doctor or nurse.", "有疑问请咨询您的医生或护士。"),
    Bring => ("Bring this sheet to every visit.", "每次复诊请带上这张单子。"),
}
