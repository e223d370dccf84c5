//! Each mistake an encoder makes is one message at the line to change (issue 17). Every test
//! edits one file of the built-in catalogue and loads it through the same loader.

use huiqi_catalog::{BUILTIN_FILES, Catalogue, Issue};

const DOC: &str = "policies/shandong/jinan/jinan-gyqs-2020";

fn files() -> Vec<(String, String)> {
    BUILTIN_FILES
        .iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect()
}

/// The built-in catalogue with one file of jinan-gyqs-2020 edited.
fn with_edit(file: &str, from: &str, to: &str) -> Vec<(String, String)> {
    let mut files = files();
    edit(&mut files, file, from, to);
    files
}

fn edit(files: &mut [(String, String)], file: &str, from: &str, to: &str) {
    let path = format!("{DOC}/{file}");
    let (_, text) = files.iter_mut().find(|(p, _)| *p == path).unwrap();
    assert!(text.contains(from), "{from} not in {path}");
    *text = text.replacen(from, to, 1);
}

fn issues(files: &[(String, String)]) -> Vec<Issue> {
    match Catalogue::from_files(files) {
        Ok(_) => vec![],
        Err(e) => e.0,
    }
}

/// 1-based line of the first line containing `needle` in a file of the fixture.
fn line_in(files: &[(String, String)], file: &str, needle: &str) -> usize {
    let path = format!("{DOC}/{file}");
    let text = &files.iter().find(|(p, _)| *p == path).unwrap().1;
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

fn only(issues: Vec<Issue>) -> Issue {
    assert_eq!(issues.len(), 1, "expected one message, got {issues:#?}");
    issues.into_iter().next().unwrap()
}

const CLAUSE_1: &str = "[[non_enterprise]]\nclause = \"1\"\nreason = \"总体要求，无企业可申请的支持\"\nquote = \"1. 总体要求。\"\n";

#[test]
fn the_builtin_catalogue_loads() {
    assert_eq!(issues(&files()), vec![]);
}

#[test]
fn a_misspelt_status_is_an_error_at_its_line() {
    let f = with_edit(
        "cases.toml",
        r#"expect = { status = "eligible", amount = "3000000""#,
        r#"expect = { status = "eligble", amount = "3000000""#,
    );
    let i = only(issues(&f));
    assert_eq!(i.file, format!("{DOC}/cases.toml"));
    assert_eq!(i.line, line_in(&f, "cases.toml", "\"eligble\""));
    assert!(i.message.contains("eligble"), "{}", i.message);
}

#[test]
fn an_amount_with_a_unit_is_an_error_at_its_line() {
    let f = with_edit(
        "cases.toml",
        r#"amount = "3000000""#,
        r#"amount = "300万元""#,
    );
    let i = only(issues(&f));
    assert_eq!(i.file, format!("{DOC}/cases.toml"));
    assert_eq!(i.line, line_in(&f, "cases.toml", "300万元\", class"));
    assert!(i.message.contains("300万元"), "{}", i.message);
}

#[test]
fn a_misspelt_key_gives_one_message() {
    let f = with_edit("measures.toml", "title_en = ", "titel_en = ");
    let i = only(issues(&f));
    assert_eq!(i.file, format!("{DOC}/measures.toml"));
    assert_eq!(i.line, line_in(&f, "measures.toml", "titel_en"));
    assert!(i.message.contains("titel_en"), "{}", i.message);
}

#[test]
fn an_unaccounted_clause_points_at_clause_levels_not_line_0() {
    let f = with_edit("document.toml", CLAUSE_1, "");
    let i = only(issues(&f));
    assert_eq!(i.file, format!("{DOC}/document.toml"));
    assert_eq!(i.line, line_in(&f, "document.toml", "clause_levels"));
    assert!(i.message.contains("条款 1（原文第 11 行"), "{}", i.message);
}

#[test]
fn a_non_enterprise_quote_must_lie_inside_the_clause_it_names() {
    // The words of 4. listed under clause 3: the label means another clause.
    let f = with_edit(
        "document.toml",
        "quote = \"〔责任单位：市工业和信息化局、各有关部门，各区县政府（含各功能区管委会，下同）〕\"",
        "quote = \"4. 实施重点突破攻坚行动，加快工业经济跨越赶超发展。\"",
    );
    let i = only(issues(&f));
    assert_eq!(i.field, "non_enterprise.quote");
    assert_eq!(i.line, line_in(&f, "document.toml", "clause = \"3\""));
    assert!(
        i.message.contains("in clause 4, not in clause 3"),
        "{}",
        i.message
    );
}

#[test]
fn a_group_heading_is_not_the_arabic_clause_of_the_same_number() {
    // 一、总体要求 is a group heading under clause_levels = ["arabic"]: its words are in no clause.
    let f = with_edit(
        "document.toml",
        "quote = \"1. 总体要求。\"",
        "quote = \"一、总体要求\"",
    );
    let i = only(issues(&f));
    assert_eq!(i.field, "non_enterprise.quote");
    assert!(i.message.contains("in no numbered clause"), "{}", i.message);
}

#[test]
fn a_non_enterprise_entry_needs_a_quote() {
    let f = with_edit("document.toml", "quote = \"1. 总体要求。\"\n", "");
    let i = only(issues(&f));
    assert!(i.message.contains("quote"), "{}", i.message);
    assert!(i.line > 1, "{i}");
}

#[test]
fn pending_clauses_are_accounted_for_and_kept() {
    let mut f = with_edit("document.toml", CLAUSE_1, "");
    edit(
        &mut f,
        "document.toml",
        "key = ",
        "pending = [\"1\"]\nkey = ",
    );
    let cat = Catalogue::from_files(&f).expect("loads");
    let doc = cat.document("jinan-gyqs-2020").unwrap();
    assert_eq!(doc.doc.pending.len(), 1);
    assert_eq!(doc.doc.pending[0].get_ref(), "1");
}

#[test]
fn a_pending_clause_that_is_encoded_or_absent_is_an_error() {
    let f = with_edit(
        "document.toml",
        "key = ",
        "pending = [\"7\", \"99\"]\nkey = ",
    );
    let found = issues(&f);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(
        found.iter().all(|i| i.line == 1 && i.field == "pending"),
        "{found:#?}"
    );
    assert!(
        found[0]
            .message
            .contains("clause 7 is already accounted for"),
        "{found:#?}"
    );
    assert!(
        found[1].message.contains("clause 99 not found"),
        "{found:#?}"
    );
}

#[test]
fn a_missing_source_is_reported_at_the_source_line() {
    let f = with_edit(
        "document.toml",
        "source = \"jinan-gyqs-2020.txt\"",
        "source = \"jinan-gyqs-2021.txt\"",
    );
    let i = only(issues(&f));
    assert_eq!(i.line, line_in(&f, "document.toml", "source = "));
}

/// A document may declare the "any item of this kind?" fact itself (to word it its own
/// way); the loader then keeps that declaration instead of adding its own, and the fact's
/// index points at it. (The index used to be overwritten with a position past the end.)
#[test]
fn a_declared_any_fact_is_kept_and_found() {
    let mut f = files();
    let path = format!("{DOC}/facts.toml");
    let (_, text) = f.iter_mut().find(|(p, _)| *p == path).unwrap();
    text.push_str(
        "\n[[fact]]\nid = \"jinan-gyqs-2020.project.any\"\ntype = \"bool\"\nlabel = \"本年度是否有技术改造项目\"\nlabel_en = \"Any renovation project this year?\"\n",
    );
    let cat = Catalogue::from_files(&f).unwrap_or_else(|e| panic!("{e}"));
    let i = cat
        .fact_position("jinan-gyqs-2020.project.any")
        .expect("the fact is known");
    assert!(
        i < cat.facts.len(),
        "index {i} of {} facts",
        cat.facts.len()
    );
    assert_eq!(cat.facts[i].label, "本年度是否有技术改造项目");
}
