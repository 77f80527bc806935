//! Extractor tests as data, by pattern: each file holds many variants of one way criteria
//! write values, including the ones that must not be extracted.
