//! Small HTML helpers: escaping, the auto-submitting `form_post` page a platform answers with,
//! and a parser for such pages so tests can post them with an HTTP client like a browser would.

/// Escapes text for HTML element content and double-quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&#x2F;", "/")
        .replace("&#47;", "/")
        .replace("&amp;", "&")
}

/// A page whose form posts `fields` to `action` as soon as it loads (a button when scripts are off).
pub fn auto_post_page(title: &str, action: &str, fields: &[(&str, &str)]) -> String {
    let inputs: String = fields
        .iter()
        .map(|(name, value)| {
            format!(
                "<input type=\"hidden\" name=\"{}\" value=\"{}\">\n",
                escape(name),
                escape(value)
            )
        })
        .collect();
    format!(
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{title}</title></head><body>\n\
         <form id=\"auto_post\" action=\"{action}\" method=\"post\">\n{inputs}\
         <noscript><button type=\"submit\">Continue</button></noscript>\n</form>\n\
         <script>document.getElementById('auto_post').submit();</script>\n</body></html>\n",
        title = escape(title),
        action = escape(action),
    )
}

/// A parsed HTML form: where it posts and its named inputs, in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AutoPostForm {
    pub action: String,
    pub method: String,
    pub fields: Vec<(String, String)>,
}

/// Why a page does not contain a usable form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormParseError {
    #[error("the page has no <form> element")]
    NoForm,
    #[error("the form has no action attribute")]
    NoAction,
}

/// The value of attribute `name` in the tag text `tag` (quoted with `"` or `'`).
fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find(name) {
        let start = from + found;
        from = start + name.len();
        let before_ok = start == 0 || lower.as_bytes()[start - 1].is_ascii_whitespace();
        let rest = tag[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let rest = rest[1..].trim_start();
        let quote = rest.chars().next()?;
        if quote == '"' || quote == '\'' {
            let end = rest[1..].find(quote)?;
            return Some(unescape(&rest[1..=end]));
        }
        let end = rest
            .find(|c: char| c.is_ascii_whitespace() || c == '>')
            .unwrap_or(rest.len());
        return Some(unescape(&rest[..end]));
    }
    None
}

impl AutoPostForm {
    /// Parses the first `<form>` of a page with its `<input name=.. value=..>` fields.
    pub fn parse(html: &str) -> Result<Self, FormParseError> {
        let lower = html.to_ascii_lowercase();
        let start = lower.find("<form").ok_or(FormParseError::NoForm)?;
        let tag_end = lower[start..].find('>').map_or(html.len(), |e| start + e);
        let form_tag = &html[start..tag_end];
        let action = attribute(form_tag, "action").ok_or(FormParseError::NoAction)?;
        let method = attribute(form_tag, "method")
            .unwrap_or_else(|| "get".into())
            .to_ascii_lowercase();
        let end = lower[start..]
            .find("</form")
            .map_or(html.len(), |e| start + e);
        let body = &html[tag_end..end];
        let body_lower = &lower[tag_end..end];
        let mut fields = Vec::new();
        let mut from = 0;
        while let Some(found) = body_lower[from..].find("<input") {
            let tag_start = from + found;
            let close = body_lower[tag_start..]
                .find('>')
                .map_or(body.len(), |e| tag_start + e);
            let tag = &body[tag_start..close];
            if let Some(name) = attribute(tag, "name") {
                fields.push((name, attribute(tag, "value").unwrap_or_default()));
            }
            from = close;
        }
        Ok(Self {
            action,
            method,
            fields,
        })
    }

    /// The value of the first field called `name`.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_post_page_round_trips_through_the_parser() {
        let page = auto_post_page(
            "Launch",
            "http://tool/lti/launch?a=1&b=2",
            &[("id_token", "aaa.bbb.ccc"), ("state", "s\"<&>'")],
        );
        let form = AutoPostForm::parse(&page).expect("form");
        assert_eq!(form.action, "http://tool/lti/launch?a=1&b=2");
        assert_eq!(form.method, "post");
        assert_eq!(form.field("id_token"), Some("aaa.bbb.ccc"));
        assert_eq!(form.field("state"), Some("s\"<&>'"));
    }

    #[test]
    fn parser_reads_forms_written_by_others() {
        let page = "<html><FORM method='POST' action='/dl/return'><input type=hidden name=JWT \
                    value='x.y.z'/><input type=\"submit\" value=\"Go\"></FORM></html>";
        let form = AutoPostForm::parse(page).expect("form");
        assert_eq!(form.action, "/dl/return");
        assert_eq!(form.fields, vec![("JWT".to_owned(), "x.y.z".to_owned())]);
    }

    #[test]
    fn pages_without_form_or_action_are_errors() {
        assert_eq!(
            AutoPostForm::parse("<p>no</p>"),
            Err(FormParseError::NoForm)
        );
        assert_eq!(
            AutoPostForm::parse("<form method=post></form>"),
            Err(FormParseError::NoAction)
        );
    }
}
