//! Human-readable pages of the simulated platform (the demo shows them): the gradebook of a course.

use axum::extract::{Query, State};
use axum::response::Html;
use serde::Deserialize;

use super::ags::{GradebookEntry, LineItem, number, seconds};
use super::directory::User;
use super::html::escape;
use super::state::{LmsSimulator, SimError};

#[derive(Debug, Deserialize)]
pub(crate) struct CourseQuery {
    pub id: Option<String>,
}

fn format_score(score: Option<f64>) -> String {
    score.map_or_else(
        || "–".to_owned(),
        |s| number((s * 100.0).round() / 100.0).to_string(),
    )
}

/// One table row: a learner's result in each line item (the timestamp as a tooltip).
fn learner_row(
    name: &str,
    user_id: &str,
    items: &[LineItem],
    entries: &[GradebookEntry],
) -> String {
    let cells: String = items
        .iter()
        .map(|item| {
            let entry = entries
                .iter()
                .find(|e| e.line_item_id == item.id && e.user_id == user_id);
            let score = format_score(entry.and_then(|e| e.result_score));
            let title = entry
                .map(|e| seconds(e.latest.timestamp))
                .unwrap_or_default();
            format!("<td title=\"{}\">{}</td>", escape(&title), escape(&score))
        })
        .collect();
    format!("<tr><th>{}</th>{cells}</tr>\n", escape(name))
}

/// `GET /grade/report/grader/index.php?id={course}`: line items as columns, learners as rows.
pub(crate) async fn gradebook_page(
    State(sim): State<LmsSimulator>,
    Query(query): Query<CourseQuery>,
) -> Result<Html<String>, SimError> {
    let id = query
        .id
        .ok_or_else(|| SimError::bad_request("the id query parameter (course) is missing"))?;
    let course = sim
        .course(&id)
        .ok_or_else(|| SimError::bad_request(format!("no course {id}")))?;
    let items: Vec<LineItem> = sim
        .line_items()
        .into_iter()
        .filter(|i| i.context_id == id)
        .collect();
    let (entries, users) = (sim.gradebook(), sim.users());
    let header: String = items
        .iter()
        .map(|i| {
            format!(
                "<th>{} <small>/ {}</small></th>",
                escape(&i.label),
                number(i.score_maximum)
            )
        })
        .collect();
    let rows: String = course
        .members
        .iter()
        .filter(|m| course.is_gradable(&m.user_id))
        .map(|m| {
            let user = users.iter().find(|u| u.id == m.user_id);
            let name = user.map_or_else(|| m.user_id.clone(), User::name);
            learner_row(&name, &m.user_id, &items, &entries)
        })
        .collect();
    Ok(Html(format!(
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Grades: {title}</title></head><body>\n\
         <h1>Grader report: {title}</h1>\n<table border=\"1\">\n<tr><th>Learner</th>{header}</tr>\n{rows}\
         </table>\n</body></html>\n",
        title = escape(&course.title),
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_show_without_noise() {
        assert_eq!(format_score(Some(43.5)), "43.5");
        assert_eq!(format_score(Some(100.0)), "100");
        assert_eq!(format_score(Some(1.0 / 3.0)), "0.33");
        assert_eq!(format_score(None), "–");
    }
}
