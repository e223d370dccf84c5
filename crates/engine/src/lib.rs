//! Huiqi's eligibility engine: given the catalogue, a firm's facts and an explicit assessment
//! date, decides every measure (three-valued), computes amounts in `Decimal`, applies the
//! non-stacking rules, explains each outcome and derives the next questions. Pure: no clock, no IO.

mod amount;
pub mod assess;
pub mod derive;
pub mod eval;
pub mod facts;
pub mod firm_file;
pub mod golden;
mod lean;
pub mod money;
mod overlap;
pub mod period;
pub mod questions;
pub mod shared;
pub mod text;

pub use assess::{
    AssessOptions, Assessment, ItemOutcome, Outcome, Status, Totals, TraceStep, assess, assess_with,
};
pub use facts::{
    AnswerError, ClaimState, Facts, Item, Received, Value, facts_from_text, parse_answer,
};
pub use firm_file::{FirmFile, FirmFileError};
pub use lean::{LeanAssessment, LeanOutcome, assess_lean};
pub use period::{OverrideKind, Period, ValidityOverride};
pub use questions::{Question, questions};
pub use text::Lang;
