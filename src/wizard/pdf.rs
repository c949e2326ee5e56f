//! A tagged (accessible) A4 PDF of text blocks, for the advice document: headings, paragraphs
//! and list items, each a structure element in reading order, with the document's title and
//! language. The font is DejaVu Sans, compiled in (`static/fonts/`), subset by krilla.

use std::num::NonZeroU16;
use std::sync::LazyLock;

use krilla::Document;
use krilla::geom::Point;
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::surface::Surface;
use krilla::tagging::{ContentTag, Identifier, SpanTag, Tag, TagGroup, TagKind, TagTree};
use krilla::text::{Font, TextDirection};

static REGULAR: &[u8] = include_bytes!("../../static/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../static/fonts/DejaVuSans-Bold.ttf");

static FONTS: LazyLock<Option<(Font, Font)>> = LazyLock::new(|| {
    let load = |bytes: &'static [u8]| Font::new(bytes.into(), 0);
    Some((load(REGULAR)?, load(BOLD)?))
});

const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const MARGIN: f32 = 56.0;
/// DejaVu Sans is wide; an average advance of 0.58 em keeps wrapped lines inside the margin.
const AVG_ADVANCE: f32 = 0.58;

/// One block of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    H1(String),
    H2(String),
    H3(String),
    P(String),
    /// A list item (drawn with a bullet, tagged as a paragraph inside a list).
    Li(String),
}

impl Block {
    /// Font size, leading, bold, indent.
    fn style(&self) -> (f32, f32, bool, f32) {
        match self {
            Block::H1(_) => (18.0, 26.0, true, 0.0),
            Block::H2(_) => (13.0, 20.0, true, 0.0),
            Block::H3(_) => (11.0, 16.0, true, 0.0),
            Block::P(_) => (9.5, 13.0, false, 0.0),
            Block::Li(_) => (9.5, 13.0, false, 12.0),
        }
    }

    fn text(&self) -> &str {
        match self {
            Block::H1(t) | Block::H2(t) | Block::H3(t) | Block::P(t) | Block::Li(t) => t,
        }
    }

    fn tag(&self) -> TagKind {
        match self {
            Block::H1(t) => Tag::Hn(NonZeroU16::MIN, Some(t.clone())).into(),
            Block::H2(t) => Tag::Hn(
                NonZeroU16::new(2).unwrap_or(NonZeroU16::MIN),
                Some(t.clone()),
            )
            .into(),
            Block::H3(t) => Tag::Hn(
                NonZeroU16::new(3).unwrap_or(NonZeroU16::MIN),
                Some(t.clone()),
            )
            .into(),
            Block::P(_) => Tag::P.into(),
            Block::Li(_) => Tag::LBody.into(),
        }
    }
}

/// Why the PDF could not be made.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PdfError {
    #[error("the compiled-in font cannot be read")]
    Font,
    #[error("krilla refused the document: {0:?}")]
    Krilla(krilla::error::KrillaError),
}

/// Greedy word wrap to `width` points at `size`.
fn wrap(text: &str, size: f32, width: f32) -> Vec<String> {
    let max = ((width / (size * AVG_ADVANCE)) as usize).max(10);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let len = line.chars().count() + word.chars().count() + 1;
        if !line.is_empty() && len > max {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

struct Placed {
    block: usize,
    page: usize,
    y: f32,
    x: f32,
    size: f32,
    bold: bool,
    text: String,
}

fn layout(blocks: &[Block]) -> Vec<Placed> {
    let mut out = Vec::new();
    let (mut page, mut y) = (0, MARGIN);
    for (i, b) in blocks.iter().enumerate() {
        let (size, leading, bold, indent) = b.style();
        if matches!(b, Block::H1(_) | Block::H2(_) | Block::H3(_)) {
            y += leading * 0.4;
        }
        let bullet = if matches!(b, Block::Li(_)) {
            "• "
        } else {
            ""
        };
        for (n, line) in wrap(b.text(), size, PAGE_W - 2.0 * MARGIN - indent)
            .into_iter()
            .enumerate()
        {
            if y + leading > PAGE_H - MARGIN {
                page += 1;
                y = MARGIN;
            }
            y += leading;
            let text = if n == 0 {
                format!("{bullet}{line}")
            } else {
                line
            };
            let x = MARGIN + if n == 0 { 0.0 } else { indent };
            out.push(Placed {
                block: i,
                page,
                y,
                x,
                size,
                bold,
                text,
            });
        }
    }
    out
}

fn draw(surface: &mut Surface, p: &Placed, fonts: &(Font, Font), lang: &str) -> Identifier {
    let id = surface.start_tagged(ContentTag::Span(SpanTag::empty().with_lang(Some(lang))));
    let font = if p.bold {
        fonts.1.clone()
    } else {
        fonts.0.clone()
    };
    surface.draw_text(
        Point::from_xy(p.x, p.y),
        font,
        p.size,
        &p.text,
        false,
        TextDirection::Auto,
    );
    surface.end_tagged();
    id
}

/// Renders `blocks` as a tagged PDF titled `title` in language `lang` (`en`, `de`, ...).
pub fn render(title: &str, lang: &str, blocks: &[Block]) -> Result<Vec<u8>, PdfError> {
    let fonts = FONTS.as_ref().ok_or(PdfError::Font)?;
    let placed = layout(blocks);
    let pages = placed.last().map_or(1, |p| p.page + 1);
    let mut document = Document::new();
    let mut ids: Vec<Vec<Identifier>> = vec![Vec::new(); blocks.len()];
    for n in 0..pages {
        let settings = PageSettings::from_wh(PAGE_W, PAGE_H).ok_or(PdfError::Font)?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        for p in placed.iter().filter(|p| p.page == n) {
            ids[p.block].push(draw(&mut surface, p, fonts, lang));
        }
        surface.finish();
        page.finish();
    }
    let mut tree = TagTree::new().with_lang(Some(lang.to_owned()));
    let mut list: Option<TagGroup> = None;
    for (b, block_ids) in blocks.iter().zip(ids) {
        let mut group = TagGroup::new(b.tag());
        block_ids.into_iter().for_each(|id| group.push(id));
        if matches!(b, Block::Li(_)) {
            let mut item = TagGroup::new(Tag::LI);
            item.push(group);
            list.get_or_insert_with(|| TagGroup::new(Tag::L(krilla::tagging::ListNumbering::Disc)))
                .push(item);
        } else {
            if let Some(l) = list.take() {
                tree.push(l);
            }
            tree.push(group);
        }
    }
    if let Some(l) = list.take() {
        tree.push(l);
    }
    document.set_tag_tree(tree);
    document.set_metadata(
        Metadata::new()
            .title(title.to_owned())
            .language(lang.to_owned()),
    );
    document.finish().map_err(PdfError::Krilla)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_wraps_within_the_margins_and_spills_onto_new_pages() {
        let long = "word ".repeat(400);
        let lines = wrap(&long, 9.5, PAGE_W - 2.0 * MARGIN);
        assert!(
            lines.len() > 10
                && lines
                    .iter()
                    .all(|l| l.chars().count() as f32 * 9.5 * AVG_ADVANCE <= PAGE_W - 2.0 * MARGIN)
        );
        let blocks: Vec<Block> = (0..120)
            .map(|i| Block::P(format!("Paragraph {i}")))
            .collect();
        assert!(layout(&blocks).last().unwrap().page >= 1);
    }

    #[test]
    fn a_document_renders_with_text_a_pdf_reader_can_extract() {
        let blocks = vec![
            Block::H1("Training advice for Ward 7".into()),
            Block::H2("Actions".into()),
            Block::Li("Add a report phishing button".into()),
            Block::P("Müller, Ångström, São Paulo — 72 h".into()),
        ];
        let bytes = render("Training advice", "en", &blocks).unwrap();
        let doc = lopdf::Document::load_mem(&bytes).unwrap();
        let text = doc.extract_text(&[1]).unwrap();
        assert!(
            text.contains("Ward 7") && text.contains("report phishing"),
            "{text}"
        );
        assert!(text.contains("Müller"), "{text}");
        let catalog = doc.catalog().unwrap();
        assert!(catalog.get(b"StructTreeRoot").is_ok(), "tagged");
        assert!(catalog.get(b"MarkInfo").is_ok());
    }
}
