//! `ui/tests/fixtures/english.json` is what the facade returned for one firm (the English
//! completeness test of the UI mounts every screen on it). Nothing regenerates it, so this test
//! keeps it in step: every part must still read as the DTO the UI receives today (a field the
//! DTOs gained since fails here, not silently in the UI test), and the catalogue text it shows
//! must still be the catalogue's (a retranslated title fails here). To refresh the fixture, dump
//! the facade's answers for such a firm in English, as the fixture's file comment describes.

use huiqi_app::calendar::CalendarEntryDto;
use huiqi_app::dto::{
    AppInfo, AssessmentDto, ClaimDto, DocumentDetailDto, DocumentSummaryDto, FirmDetailDto,
    FirmSummaryDto, QuestionnaireDto,
};
use huiqi_app::overview::FirmOverviewDto;
use huiqi_catalog::Catalogue;
use serde::Deserialize;

/// Every part is read to check it deserializes; only some are looked into further.
#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Fixture {
    app_info: AppInfo,
    assessment: AssessmentDto,
    calendar: Vec<CalendarEntryDto>,
    claims: Vec<ClaimDto>,
    document: DocumentDetailDto,
    documents: Vec<DocumentSummaryDto>,
    firm_detail: FirmDetailDto,
    firms: Vec<FirmSummaryDto>,
    overviews: Vec<FirmOverviewDto>,
    questionnaire: QuestionnaireDto,
}

fn fixture() -> Fixture {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../ui/tests/fixtures/english.json"
    );
    let text = std::fs::read_to_string(path).unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| {
        panic!("ui/tests/fixtures/english.json no longer reads as today's DTOs: {e}")
    })
}

#[test]
fn the_english_fixture_reads_as_todays_dtos_with_todays_catalogue_text() {
    let f = fixture();
    let cat = Catalogue::builtin().unwrap();
    assert!(!f.assessment.outcomes.is_empty() && !f.documents.is_empty());
    for o in &f.assessment.outcomes {
        let m = cat
            .measure(&o.measure)
            .unwrap_or_else(|| panic!("{} is no longer in the catalogue", o.measure));
        assert_eq!(o.title_en, m.title_en, "English title of {}", o.measure);
        // Assessed in English, the document is named by its English short title.
        let doc = &cat.document_of(m).doc;
        let named = doc.short_title_en.as_ref().or(doc.title_en.as_ref());
        assert_eq!(Some(&o.document_title), named, "document of {}", o.measure);
    }
    for d in f.documents.iter().chain([&f.document.summary]) {
        let doc = &cat
            .document(&d.key)
            .unwrap_or_else(|| panic!("{} is no longer in the catalogue", d.key))
            .doc;
        assert_eq!(d.title_en, doc.title_en, "English title of {}", d.key);
        assert_eq!(
            d.short_title_en, doc.short_title_en,
            "English short title of {}",
            d.key
        );
        assert_eq!(d.issuer_en, doc.issuer_en, "English issuer of {}", d.key);
    }
    for c in &f.calendar {
        let doc = &cat.document(&c.document).unwrap().doc;
        assert_eq!(c.title_en.as_ref(), doc.title_en.as_ref(), "{}", c.document);
    }
}
