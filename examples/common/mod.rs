//! Reading the registry's own criteria text from the development data: shared by the
//! examples that measure or study the extractors on it (`bench_corpus`, `criteria_report`).
//! Deliberately naive (a pointer into the JSON, a search for the XML `textblock`): the text as
//! the registry wrote it, not as our layouts read it.

use std::path::{Path, PathBuf};

/// The registry records in `dir` (`NCT…` names ending in `ext`, no other dot), in name order.
pub fn nct_files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    v.retain(|p| {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        name.starts_with("NCT") && name.ends_with(ext) && name.matches('.').count() == 1
    });
    v.sort();
    v
}

/// The criteria text of a registry record (API v2 JSON).
pub fn json_criteria(path: &Path) -> Option<String> {
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(path).ok()?).ok()?;
    v.pointer("/protocolSection/eligibilityModule/eligibilityCriteria")?
        .as_str()
        .map(str::to_string)
}

/// The criteria `textblock` of a legacy XML record, entities undone.
pub fn xml_criteria(path: &Path) -> Option<String> {
    let s = std::fs::read_to_string(path).ok()?;
    let crit = s.find("<criteria>")?;
    let open = s[crit..].find("<textblock>")? + crit + "<textblock>".len();
    let close = s[open..].find("</textblock>")? + open;
    Some(
        s[open..close]
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&#xD;", "")
            .replace("&#xA;", "\n")
            .replace("&amp;", "&"),
    )
}
