//! History as CSV.
