//! The drawing layer shared by every figure: embedded fonts and colours ([`style`]), rich
//! text with sub- and superscripts ([`rich_text`]), multi-panel charts ([`panel`]) and 3-D
//! views of trajectories with arrows, placed next to the panels ([`view3d`]), and violin
//! outlines ([`violin`]). It knows
//! nothing of the theory: figures hand it numbers and labels.
//!
//! Fonts are embedded (DejaVu Sans from the `dejavu` crate, registered with plotters'
//! `ab_glyph` backend), so drawing needs no system font library.
#![allow(dead_code)]

pub mod common;
pub mod panel;
pub mod rich_text;
pub mod style;
pub mod view3d;
pub mod violin;
