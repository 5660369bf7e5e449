//! Result lines that the screen and the printed sheet word the same way, so the two never drift apart.

use crate::clinical::diagnosis::{Diagnosis, DxPath};
use crate::clinical::risk::Risk;
use crate::i18n::{Lang, Text};

/// "Lowest site: lumbar spine (L1–L4) · T-score -2.8".
/// On the clinical path (DX-CLINICAL) there is no DXA: the fracture made the diagnosis.
pub fn lowest_score(d: &Diagnosis, lang: Lang) -> String {
    let (Some(site), Some(value)) = (d.lowest_site, d.lowest_score) else {
        return match lang {
            Lang::En => "No DXA: diagnosed from the hip or vertebral fragility fracture".to_string(),
            Lang::Zh => "无DXA：依据髋部或椎体脆性骨折临床诊断".to_string(),
        };
    };
    let score = if d.path == DxPath::ZScore { Text::ZScore } else { Text::TScore };
    format!("{}{}{} · {} {:.1}", Text::LowestSite.get(lang), lang.colon(), site.label(lang), score.get(lang), value)
}

/// What the risk level rests on besides its rules: that drugs are indicated, OSTA, creatinine clearance.
/// Empty when there is nothing to add (the level "drug treatment not indicated" already says it).
pub fn risk_details(r: &Risk, lang: Lang) -> String {
    let mut parts = Vec::new();
    if r.treatment_indicated {
        parts.push(Text::TreatmentIndicated.get(lang).to_string());
    }
    if let Some(osta) = &r.osta {
        parts.push(format!("OSTA {:.1} ({})", osta.index, osta.band.label(lang)));
    }
    if let Some(crcl) = r.crcl_ml_min {
        parts.push(format!("{} {crcl:.0} mL/min", Text::Crcl.get(lang)));
    }
    parts.join(" · ")
}
