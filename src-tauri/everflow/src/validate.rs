//! Every documented input rule, in one place: the app checks forms with it before sending, and the
//! simulator answers `400` with it, as Everflow does.
