//! Link header parsing: spellings seen on platforms, malformed headers, and properties over
//! generated headers.

use proptest::prelude::*;

use super::*;

fn base() -> Url {
    Url::parse("https://lms.example/api/lti/courses/1/names_and_roles?limit=2").unwrap()
}

fn links(headers: &[&str]) -> PageLinks {
    PageLinks::parse(headers.iter().copied(), &base())
}

#[test]
fn canvas_style_header_with_several_links_in_one_value() {
    let header = r#"<https://lms.example/api/lti/courses/1/names_and_roles?page=1&per_page=2>; rel="current",<https://lms.example/api/lti/courses/1/names_and_roles?page=2&per_page=2>; rel="next",<https://lms.example/api/lti/courses/1/names_and_roles?page=1&per_page=2>; rel="first",<https://lms.example/api/lti/courses/1/names_and_roles?page=3&per_page=2>; rel="last""#;
    let links = links(&[header]);
    assert_eq!(
        links.next().unwrap().as_str(),
        "https://lms.example/api/lti/courses/1/names_and_roles?page=2&per_page=2"
    );
    assert_eq!(links.last().unwrap().query(), Some("page=3&per_page=2"));
    assert_eq!(links.first().unwrap().query(), Some("page=1&per_page=2"));
    assert!(links.differences().is_none());
}

#[test]
fn unquoted_rel_mixed_case_and_extra_parameters() {
    let links = links(&[
        "<https://lms.example/m?p=2>; title=\"Page, two; really\"; REL=Next",
        "<https://lms.example/m?since=9> ;rel = differences",
    ]);
    assert_eq!(links.next().unwrap().as_str(), "https://lms.example/m?p=2");
    assert_eq!(
        links.differences().unwrap().as_str(),
        "https://lms.example/m?since=9"
    );
}

#[test]
fn several_relations_in_one_rel_and_the_first_link_wins() {
    let links =
        links(&["<https://lms.example/p2>; rel=\"next last\", <https://lms.example/p9>; rel=next"]);
    assert_eq!(links.next().unwrap().path(), "/p2");
    assert_eq!(links.last().unwrap().path(), "/p2");
}

#[test]
fn relative_targets_resolve_against_the_request_url() {
    let links = links(&["</api/lti/courses/1/names_and_roles?page=2>; rel=\"next\""]);
    assert_eq!(
        links.next().unwrap().as_str(),
        "https://lms.example/api/lti/courses/1/names_and_roles?page=2"
    );
}

#[test]
fn commas_inside_the_target_do_not_split_links() {
    let links = links(&["<https://lms.example/m?roles=a,b&p=2>; rel=next"]);
    assert_eq!(links.next().unwrap().query(), Some("roles=a,b&p=2"));
}

#[test]
fn broken_headers_read_as_no_more_pages() {
    for header in [
        "",
        ",,,",
        "https://lms.example/p2; rel=next",
        "<https://lms.example/p2; rel=next",
        "<https://lms.example/p2>; rel=\"next",
        "<https://lms.example/p2>; rel=prev",
        "<javascript:alert(1)>; rel=next",
        "<https://lms.example/p2>; rel",
        "<https://lms.example/p2>; next",
    ] {
        assert_eq!(links(&[header]).next(), None, "{header}");
    }
}

#[test]
fn a_malformed_link_does_not_hide_the_good_one_after_it() {
    let links = links(&["garbage; rel=next, <https://lms.example/p2>; rel=\"next\""]);
    assert_eq!(links.next().unwrap().path(), "/p2");
}

#[test]
fn no_link_header_means_no_next_page() {
    assert_eq!(PageLinks::parse([], &base()), PageLinks::default());
}

fn target() -> impl Strategy<Value = String> {
    "[a-z0-9/]{0,12}(\\?[a-z0-9=&,;]{0,12})?".prop_map(|tail| format!("https://lms.example/{tail}"))
}

fn spelled_rel(rel: &'static str) -> impl Strategy<Value = String> {
    (any::<bool>(), any::<bool>(), "[ ]{0,2}").prop_map(move |(quoted, upper, space)| {
        let name = if upper {
            rel.to_uppercase()
        } else {
            rel.to_owned()
        };
        if quoted {
            format!(";{space}rel{space}={space}\"{name}\"")
        } else {
            format!(";{space}rel={name}")
        }
    })
}

proptest! {
    #[test]
    fn next_is_found_however_the_links_are_spread_over_headers(
        next in target(),
        others in prop::collection::vec((target(), spelled_rel("prev")), 0..4),
        next_rel in spelled_rel("next"),
        position in 0usize..5,
        split in any::<bool>(),
    ) {
        let mut parts: Vec<String> = others.iter().map(|(t, r)| format!("<{t}>{r}")).collect();
        let position = position.min(parts.len());
        parts.insert(position, format!("<{next}>{next_rel}; title=\"a, b\""));
        let headers: Vec<String> = if split { parts.clone() } else { vec![parts.join(", ")] };
        let links = PageLinks::parse(headers.iter().map(String::as_str), &base());
        let expected = Url::parse(&next).unwrap();
        prop_assert_eq!(links.next(), Some(&expected));
    }

    #[test]
    fn arbitrary_header_text_never_panics(header in "\\PC{0,80}") {
        let _ = PageLinks::parse([header.as_str()], &base());
    }
}
