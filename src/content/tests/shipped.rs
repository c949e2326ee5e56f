//! The content shipped in `content/` loads without problems and behaves as the product says.

use std::path::Path;

use super::lang;
use crate::content::{Catalogue, ItemKind, JobRole};

fn shipped() -> Catalogue {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    Catalogue::load(&dir).unwrap_or_else(|errors| panic!("{errors}"))
}

#[test]
fn shipped_content_is_valid() {
    let catalogue = shipped();
    assert!(catalogue.modules().count() >= 3);
    assert!(catalogue.path("clinical-core").is_some());
}

#[test]
fn invoice_fraud_in_m02_is_only_for_administrative_staff() {
    let catalogue = shipped();
    let m02 = catalogue.module("M02").expect("M02 ships");
    let en = lang("en");
    let admin = m02.pool_for(JobRole::Administrative, &en).value;
    let admin_only: Vec<&str> = admin
        .iter()
        .filter(|i| i.roles == [JobRole::Administrative])
        .map(|i| i.id.as_str())
        .collect();
    assert!(
        admin.len() >= 15 && !admin_only.is_empty(),
        "AD pool {} items",
        admin.len()
    );
    for role in JobRole::ALL
        .into_iter()
        .filter(|r| *r != JobRole::Administrative)
    {
        let pool = m02.pool_for(role, &en).value;
        assert!(pool.len() >= 15, "{role} sees {} items", pool.len());
        assert!(
            pool.iter().all(|i| !admin_only.contains(&i.id.as_str())),
            "{role} sees an AD-only item"
        );
        let lessons = m02.lessons_for(role, &en).value;
        assert!(
            lessons.iter().all(|l| l.roles.is_empty()),
            "{role} sees the AD-only lesson"
        );
    }
    let admin_lessons = m02.lessons_for(JobRole::Administrative, &en).value;
    assert!(
        admin_lessons
            .iter()
            .any(|l| l.roles == [JobRole::Administrative])
    );
}

#[test]
fn the_first_modules_use_all_five_item_types() {
    let catalogue = shipped();
    for id in ["M01", "M02", "M03"] {
        let pool = catalogue
            .module(id)
            .expect("module ships")
            .pool_for(JobRole::Administrative, &lang("en"))
            .value;
        let mut types: Vec<&str> = pool.iter().map(|i| i.kind.type_name()).collect();
        types.sort_unstable();
        types.dedup();
        assert_eq!(
            types,
            ["matching", "multiple", "ordering", "red_flags", "single"],
            "{id}"
        );
        assert!(
            pool.iter().any(|i| i.must_pass),
            "{id} has a must-pass item"
        );
        assert!(
            pool.iter()
                .all(|i| !matches!(&i.kind, ItemKind::Single { options } if options.len() < 3))
        );
    }
}

#[test]
fn shipped_lessons_render_tables_and_module_links() {
    let catalogue = shipped();
    let m01 = catalogue.module("M01").expect("M01 ships");
    let lesson = m01
        .lesson("01-care-depends-on-systems", &lang("de-AT"))
        .expect("lesson");
    assert!(lesson.html.contains("<table>"), "{}", lesson.html);
    assert!(
        lesson.html.contains(r#"href="/modules/M06""#),
        "{}",
        lesson.html
    );
    assert!(
        !m01.lessons_for(JobRole::Nurse, &lang("de-AT")).fell_back,
        "M01 is published in German: de-AT is served from de"
    );
    let m09 = catalogue.module("M09").expect("M09 ships");
    assert!(
        m09.lessons_for(JobRole::Nurse, &lang("de-AT")).fell_back,
        "M09 is English only: German readers get English with a note"
    );
}
