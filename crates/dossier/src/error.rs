use thiserror::Error;

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum DossierError {
    /// Neither bundled face has a glyph for `ch`; drawing it would print an empty box.
    /// `context` names the field in Chinese and English, e.g. "申报单位名称 / firm name".
    #[error(
        "{context}中的字符“{ch}”（U+{code:04X}）没有可用的字体，请改用常用字或手写补填 / \
         no bundled font has the character {ch:?} (U+{code:04X}) in {context}",
        code = *ch as u32
    )]
    MissingGlyph { ch: char, context: String },
    /// A cover value too long to fit its field even in the smallest cover size.
    #[error(
        "封面“{field}”过长（{chars} 字），缩小字号后仍无法容纳，请缩短 / \
         cover field {field} is too long ({chars} characters) to fit even when shrunk"
    )]
    CoverFieldTooLong { field: String, chars: usize },
    #[error("bundled font {0} could not be parsed")]
    Font(&'static str),
    /// The model contradicts itself (e.g. an exact amount class without an amount).
    #[error("invalid dossier model: {0}")]
    InvalidModel(String),
    /// The Word file could not be assembled.
    #[error("无法生成 Word 文件 / cannot build the .docx: {0}")]
    Docx(String),
}
