//! The `Link` response header (RFC 8288) that NRPS and AGS containers page with: find the
//! `next` and `differences` URLs however the platform spells the header.

use url::Url;

/// The paging links of one container response.
/// [NRPS 2.0 §2.4](https://www.imsglobal.org/spec/lti-nrps/v2p0#limit-query-parameter),
/// [AGS 2.0 §3.2.5](https://www.imsglobal.org/spec/lti-ags/v2p0#container-request-filters),
/// [RFC 8288 §3](https://www.rfc-editor.org/rfc/rfc8288#section-3).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageLinks {
    next: Option<Url>,
    differences: Option<Url>,
    prev: Option<Url>,
    first: Option<Url>,
    last: Option<Url>,
}

impl PageLinks {
    /// Parses every `Link` header value of a response (pass each header separately; a value
    /// may hold several comma-separated links). `rel` may be quoted or not, hold several
    /// space-separated relations, and use any case; relative targets are resolved against
    /// `base` (the request URL). The first link of each relation wins. Anything malformed is
    /// skipped, never fatal: a broken header reads as "no more pages".
    pub fn parse<'a>(headers: impl IntoIterator<Item = &'a str>, base: &Url) -> Self {
        let mut links = Self::default();
        for header in headers {
            for link in split_links(header) {
                links.add(&link, base);
            }
        }
        links
    }

    fn add(&mut self, link: &RawLink, base: &Url) {
        let Some(target) = base
            .join(&link.target)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https"))
        else {
            return;
        };
        for rel in link.rels.split_ascii_whitespace() {
            let slot = match rel.to_ascii_lowercase().as_str() {
                "next" => &mut self.next,
                "differences" => &mut self.differences,
                "prev" | "previous" => &mut self.prev,
                "first" => &mut self.first,
                "last" => &mut self.last,
                _ => continue,
            };
            slot.get_or_insert_with(|| target.clone());
        }
    }

    /// The next page; `None` on the last page.
    pub fn next(&self) -> Option<&Url> {
        self.next.as_ref()
    }

    /// NRPS: where to ask later for the changes since this response.
    /// [NRPS 2.0 §2.4.2](https://www.imsglobal.org/spec/lti-nrps/v2p0#membership-differences).
    pub fn differences(&self) -> Option<&Url> {
        self.differences.as_ref()
    }

    /// The previous page.
    pub fn prev(&self) -> Option<&Url> {
        self.prev.as_ref()
    }

    /// The first page.
    pub fn first(&self) -> Option<&Url> {
        self.first.as_ref()
    }

    /// The last page.
    pub fn last(&self) -> Option<&Url> {
        self.last.as_ref()
    }
}

#[derive(Debug, Default, PartialEq)]
struct RawLink {
    target: String,
    rels: String,
}

/// Splits one header value into links. Commas and semicolons inside `<...>` and inside quoted
/// parameter values do not split.
fn split_links(header: &str) -> Vec<RawLink> {
    let mut links = Vec::new();
    let mut rest = header;
    loop {
        rest = rest.trim_start_matches(|c: char| c == ',' || c.is_whitespace());
        if rest.is_empty() {
            return links;
        }
        let Some(after_open) = rest.strip_prefix('<') else {
            rest = skip_past_comma(rest);
            continue;
        };
        let Some(close) = after_open.find('>') else {
            return links;
        };
        let mut link = RawLink {
            target: after_open[..close].trim().to_owned(),
            rels: String::new(),
        };
        rest = read_params(&after_open[close + 1..], &mut link);
        links.push(link);
    }
}

/// Reads `; name=value` parameters up to the comma ending the link; returns what follows.
fn read_params<'h>(mut rest: &'h str, link: &mut RawLink) -> &'h str {
    loop {
        rest = rest.trim_start();
        let Some(param) = rest.strip_prefix(';') else {
            return skip_past_comma(rest);
        };
        let param = param.trim_start();
        let name_end = param
            .find(|c: char| c == '=' || c == ';' || c == ',' || c.is_whitespace())
            .unwrap_or(param.len());
        let name = &param[..name_end];
        rest = param[name_end..].trim_start();
        let Some(value_start) = rest.strip_prefix('=') else {
            continue;
        };
        let (value, after) = read_value(value_start.trim_start());
        rest = after;
        if name.eq_ignore_ascii_case("rel") && link.rels.is_empty() {
            link.rels = value;
        }
    }
}

/// A quoted string (with `\` escapes) or a token; returns the value and what follows.
fn read_value(input: &str) -> (String, &str) {
    let Some(quoted) = input.strip_prefix('"') else {
        let end = input.find([';', ',']).unwrap_or(input.len());
        return (input[..end].trim().to_owned(), &input[end..]);
    };
    let mut value = String::new();
    let mut chars = quoted.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return (value, &quoted[i + 1..]),
            '\\' => {
                if let Some((_, escaped)) = chars.next() {
                    value.push(escaped);
                }
            }
            c => value.push(c),
        }
    }
    // An unterminated quoted string is malformed: no value rather than a guess.
    (String::new(), "")
}

/// Skips to just after the next comma that is outside a quoted string.
fn skip_past_comma(input: &str) -> &str {
    let mut in_quotes = false;
    let mut escaped = false;
    for (i, c) in input.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_quotes => escaped = true,
            '"' => in_quotes = !in_quotes,
            ',' if !in_quotes => return &input[i + 1..],
            _ => {}
        }
    }
    ""
}

#[cfg(test)]
mod tests;
