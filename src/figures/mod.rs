//! Figures: one module per figure, sharing the style in [`style`].
//!
//! Fonts are embedded (DejaVu Sans from the `dejavu` crate, registered with plotters'
//! `ab_glyph` backend), so drawing needs no system font library.
#![allow(dead_code)]

pub mod flr;
pub mod style;
