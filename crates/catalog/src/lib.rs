//! Huiqi's policy catalogue: documents, measures, facts and golden cases as data, with a strict
//! loader. No clock and no IO beyond reading the files it is handed.

mod builtin;
pub mod compiled;
pub mod coverage;
pub mod expr;
pub mod load;
pub mod model;
pub mod pack;
pub mod quantity;
pub mod render;
pub mod tables;
mod wire;

pub use load::{Catalogue, Issue, Issues, LoadedDocument};
pub use model::*;
pub use pack::{Pack, PackInfo};

pub use builtin::BUILTIN_FILES;
