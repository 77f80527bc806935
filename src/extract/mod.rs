//! Stub: to be written.

use crate::record::{
    AgeLimit, Eligibility, LabThreshold, MutationList, PerformanceStatus, Warning,
};

/// What the extractors found in one record's criteria.
#[derive(Default)]
pub struct Extracted {
    pub ages: Vec<AgeLimit>,
    pub lab_thresholds: Vec<LabThreshold>,
    pub performance_status: Vec<PerformanceStatus>,
    pub mutations: Vec<MutationList>,
    pub warnings: Vec<Warning>,
}

pub fn extract(_el: &Eligibility) -> Extracted {
    Extracted::default()
}
