//! The figures of single commands: `oblique sweep --plot` ([`landscape`]) and
//! `oblique linear --plot` ([`linear`]), drawn with plotters in the style of [`crate::plot`].

pub mod landscape;
pub mod linear;
