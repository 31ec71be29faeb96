//! `oblique regime`: is a recording, or a trained network, aligned or oblique? The regime
//! measures of a recording ([`recording`]) and of a run directory of `oblique train task`
//! ([`network`]), with their CSV reports and text.

pub mod network;
pub mod recording;
