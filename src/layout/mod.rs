//! Stage 3, *sections and structured parts*: one module per page layout.
//!
//! Each layout parser fills the page-level fields of the [`Record`] (ids, titles, quick facts,
//! sections) and returns the eligibility-criteria block as a [`Mapped`] text for the
//! [`criteria`](crate::criteria) stage. Layout parsers never fail: what they cannot read
//! becomes a warning.

pub mod find_page;
pub mod html;
pub mod legacy;
mod lines;
pub mod literal;
pub mod registry;
pub mod registry_v1;
pub mod registry_xml;
pub mod study_view;
pub mod unknown;

use crate::record::{Format, Record};
use crate::span::Mapped;

/// Fill `rec` from `text` read as `format`; returns the criteria block, if any.
pub fn parse(format: Format, text: &Mapped, rec: &mut Record) -> Option<Mapped> {
    match format {
        Format::FindATrial => find_page::parse(text, rec),
        Format::FindATrialHtml => html::parse(text, rec),
        Format::StudyView => study_view::parse(text, rec),
        Format::RegistryJson => registry::parse_json(text, rec),
        Format::RegistryXml => registry_xml::parse(text, rec),
        Format::CriteriaText => Some(text.clone()),
        Format::Unknown => unknown::parse(text, rec),
    }
}
