//! `oblique`: the library behind the `oblique` command. It reproduces the published
//! theory-versus-simulation figures ([`reproduce`]), computes the single commands'
//! reports ([`commands`]), draws them ([`plot`], the drawing layer,
//! and [`command_figures`], the figures of single commands) and writes the results safely
//! ([`io`]); [`task_run`] trains a task network into a run directory. The theory itself lives in `oblique-theory`, the simulations in
//! `oblique-validate`.

pub mod command_figures;
pub mod commands;
pub mod io;
pub mod plot;
pub mod reproduce;
pub mod task_run;
