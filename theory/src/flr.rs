//! Not built yet: see the crate docs for what goes here.
