use thiserror::Error;

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum DossierError {
    /// Neither bundled face has a glyph for `ch`; drawing it would print an empty box.
    #[error("no bundled font has a glyph for {ch:?} (U+{code:04X}) in {context}", code = *ch as u32)]
    MissingGlyph { ch: char, context: String },
    #[error("bundled font {0} could not be parsed")]
    Font(&'static str),
    /// The model contradicts itself (e.g. an exact amount class without an amount).
    #[error("invalid dossier model: {0}")]
    InvalidModel(String),
}
