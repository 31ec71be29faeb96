//! The drawing layer shared by every figure: embedded fonts and colours ([`style`]), rich
//! text with sub- and superscripts ([`rich_text`]), and multi-panel charts ([`panel`]). It
//! knows nothing of the theory: figures hand it numbers and labels.
//!
//! Fonts are embedded (DejaVu Sans from the `dejavu` crate, registered with plotters'
//! `ab_glyph` backend), so drawing needs no system font library.
#![allow(dead_code)]

pub mod common;
pub mod panel;
pub mod view3d;
pub mod rich_text;
pub mod style;
