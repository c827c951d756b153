//! The visibility sheet.
