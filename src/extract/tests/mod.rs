//! Extractor tests as data, by pattern: each file holds many variants of one way criteria
//! write values, each checked against the rows it must give (`UPDATE_EXPECT=1 cargo test`
//! rewrites the expectations; read the diff), including what must not be extracted.

mod ages;
mod classes;
mod comparators;
mod must_not;
mod mutations;
mod named_after;
mod numbers;
mod performance;
mod ranges;
mod scales;
mod seeds;
mod units;
