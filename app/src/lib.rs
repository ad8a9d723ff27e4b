//! What the page's two programs share: the page (`main.rs`) and the engine worker
//! (`bin/worker`) talk only through [`protocol`].

pub mod backend;
pub mod protocol;
