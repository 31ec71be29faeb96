//! Figures: one module per figure, sharing the style in [`style`].
//!
//! Fonts are embedded (DejaVu Sans from the `dejavu` crate, registered with plotters'
//! `ab_glyph` backend), so drawing needs no system font library.
#![allow(dead_code)]

pub mod common;
pub mod fig10;
pub mod fig12;
pub mod fig13;
pub mod flr;
pub mod landscape;
pub mod linear;
pub mod panel;
pub mod rich_text;
pub mod style;
#[cfg(test)]
mod synthetic_tests;
