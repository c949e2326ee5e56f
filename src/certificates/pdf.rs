//! The certificate as a tagged (accessible) A4 landscape PDF: name, path and modules, content
//! version, dates, issuing institution, a QR code and the short code for verification, and the
//! signed credential attached as a file. DejaVu Sans is compiled in (`static/fonts/`) and
//! subset by krilla; the QR code is drawn as vector squares.

use std::num::NonZeroU16;
use std::sync::LazyLock;

use krilla::Document;
use krilla::embed::{AssociationKind, EmbeddedFile, MimeType};
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, SpanTag, Tag, TagGroup, TagKind, TagTree,
};
use krilla::text::{Font, TextDirection};

static REGULAR: &[u8] = include_bytes!("../../static/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../static/fonts/DejaVuSans-Bold.ttf");

static FONTS: LazyLock<Option<(Font, Font)>> = LazyLock::new(|| {
    let load = |bytes: &'static [u8]| Font::new(bytes.into(), 0);
    Some((load(REGULAR)?, load(BOLD)?))
});

pub const PAGE_W: f32 = 842.0;
pub const PAGE_H: f32 = 595.0;
/// Where the QR code's top-left module starts, and each module's size in points (tests read
/// the drawn squares back at these coordinates).
pub const QR_X: f32 = 640.0;
pub const QR_Y: f32 = 360.0;
pub const QR_MODULE: f32 = 3.0;
const MARGIN: f32 = 60.0;

/// Why the PDF could not be made.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PdfError {
    #[error("the compiled-in font cannot be read")]
    Font,
    #[error("the verification URL does not fit a QR code: {0}")]
    Qr(#[from] qrcode::types::QrError),
    #[error("krilla refused the document: {0:?}")]
    Krilla(krilla::error::KrillaError),
}

/// What the certificate says, in the learner's language.
#[derive(Debug, Clone)]
pub struct CertificateText {
    pub lang: String,
    pub heading: String,
    /// "This certifies that" or similar.
    pub awarded: String,
    pub name: String,
    /// A note when the learner entered the name themselves.
    pub name_note: Option<String>,
    /// "has completed the learning path" or similar.
    pub completed: String,
    pub path: String,
    pub modules: String,
    /// Content version, dates and institution, one line each.
    pub details: Vec<String>,
    pub verify_line: String,
    pub code: String,
    pub verify_url: String,
    /// The QR code's alternative text.
    pub qr_alt: String,
}

/// The QR code of `url` as rows of dark (true) and light modules.
pub fn qr_matrix(url: &str) -> Result<(usize, Vec<bool>), PdfError> {
    let code = qrcode::QrCode::with_error_correction_level(url, qrcode::EcLevel::M)?;
    let width = code.width();
    let dark = code
        .to_colors()
        .into_iter()
        .map(|c| c == qrcode::Color::Dark)
        .collect();
    Ok((width, dark))
}

fn wrap(text: &str, size: f32, width: f32) -> Vec<String> {
    let max = ((width / (size * 0.58)) as usize).max(10);
    let mut lines = vec![String::new()];
    for word in text.split_whitespace() {
        let line = lines.last_mut().map(|l| l.chars().count()).unwrap_or(0);
        if line > 0 && line + word.chars().count() + 1 > max {
            lines.push(String::new());
        }
        if let Some(l) = lines.last_mut() {
            if !l.is_empty() {
                l.push(' ');
            }
            l.push_str(word);
        }
    }
    lines
}

struct Writer<'a> {
    surface: Surface<'a>,
    fonts: &'a (Font, Font),
    lang: &'a str,
}

impl Writer<'_> {
    /// Draws one line of text, returns its marked-content id.
    fn line(&mut self, x: f32, y: f32, size: f32, bold: bool, text: &str) -> Identifier {
        let id = self.surface.start_tagged(ContentTag::Span(
            SpanTag::empty().with_lang(Some(self.lang)),
        ));
        let font = if bold { &self.fonts.1 } else { &self.fonts.0 };
        self.surface.draw_text(
            Point::from_xy(x, y),
            font.clone(),
            size,
            text,
            false,
            TextDirection::Auto,
        );
        self.surface.end_tagged();
        id
    }

    /// Draws wrapped lines under one structure element.
    fn block(&mut self, tag: TagKind, y: &mut f32, size: f32, bold: bool, text: &str) -> TagGroup {
        let mut group = TagGroup::new(tag);
        for line in wrap(text, size, QR_X - MARGIN - 30.0) {
            *y += size * 1.4;
            group.push(self.line(MARGIN, *y, size, bold, &line));
        }
        group
    }

    fn frame(&mut self) {
        self.surface
            .start_tagged(ContentTag::Artifact(Artifact::new(
                ArtifactType::Other,
                None,
            )));
        let mut pb = PathBuilder::new();
        if let Some(r) = Rect::from_xywh(24.0, 24.0, PAGE_W - 48.0, PAGE_H - 48.0) {
            pb.push_rect(r);
        }
        if let Some(path) = pb.finish() {
            self.surface.set_fill(None);
            self.surface.set_stroke(Some(Stroke {
                width: 2.0,
                paint: krilla::color::rgb::Color::new(0x1d, 0x4e, 0x89).into(),
                ..Stroke::default()
            }));
            self.surface.draw_path(&path);
            self.surface.set_stroke(None);
        }
        self.surface.end_tagged();
    }

    fn qr(&mut self, url: &str) -> Result<Identifier, PdfError> {
        let (width, dark) = qr_matrix(url)?;
        let id = self.surface.start_tagged(ContentTag::Other);
        let mut pb = PathBuilder::new();
        for (i, _) in dark.iter().enumerate().filter(|(_, d)| **d) {
            let (row, col) = (i / width, i % width);
            let x = QR_X + col as f32 * QR_MODULE;
            let y = QR_Y + row as f32 * QR_MODULE;
            if let Some(r) = Rect::from_xywh(x, y, QR_MODULE, QR_MODULE) {
                pb.push_rect(r);
            }
        }
        if let Some(path) = pb.finish() {
            self.surface.set_stroke(None);
            self.surface.set_fill(Some(Fill::default()));
            self.surface.draw_path(&path);
        }
        self.surface.end_tagged();
        Ok(id)
    }
}

/// Renders the certificate with the credential JWT attached.
pub fn render(text: &CertificateText, credential_jwt: &str) -> Result<Vec<u8>, PdfError> {
    let fonts = FONTS.as_ref().ok_or(PdfError::Font)?;
    let mut document = Document::new();
    let settings = PageSettings::from_wh(PAGE_W, PAGE_H).ok_or(PdfError::Font)?;
    let mut page = document.start_page_with(settings);
    let tree = draw_page(
        Writer {
            surface: page.surface(),
            fonts,
            lang: &text.lang,
        },
        text,
    )?;
    page.finish();
    document.set_tag_tree(tree);
    document.set_metadata(
        Metadata::new()
            .title(format!("{} – {}", text.heading, text.name))
            .language(text.lang.clone()),
    );
    document.embed_file(EmbeddedFile {
        path: "credential.jwt".into(),
        mime_type: MimeType::new("application/vc+jwt"),
        description: Some("Open Badges 3.0 credential, signed (VC-JWT)".into()),
        association_kind: AssociationKind::Alternative,
        data: credential_jwt.as_bytes().to_vec().into(),
        modification_date: None,
        compress: Some(false),
        location: None,
    });
    document.finish().map_err(PdfError::Krilla)
}

fn draw_page(mut w: Writer<'_>, text: &CertificateText) -> Result<TagTree, PdfError> {
    w.frame();
    let mut tree = TagTree::new().with_lang(Some(text.lang.clone()));
    let mut y = MARGIN;
    let h1 = Tag::Hn(NonZeroU16::MIN, Some(text.heading.clone()));
    tree.push(w.block(h1.into(), &mut y, 26.0, true, &text.heading));
    y += 14.0;
    tree.push(w.block(Tag::P.into(), &mut y, 12.0, false, &text.awarded));
    y += 6.0;
    tree.push(w.block(Tag::P.into(), &mut y, 24.0, true, &text.name));
    if let Some(note) = &text.name_note {
        tree.push(w.block(Tag::P.into(), &mut y, 9.0, false, note));
    }
    y += 6.0;
    tree.push(w.block(Tag::P.into(), &mut y, 12.0, false, &text.completed));
    let h2 = Tag::Hn(
        NonZeroU16::new(2).unwrap_or(NonZeroU16::MIN),
        Some(text.path.clone()),
    );
    tree.push(w.block(h2.into(), &mut y, 18.0, true, &text.path));
    y += 4.0;
    tree.push(w.block(Tag::P.into(), &mut y, 9.5, false, &text.modules));
    y += 10.0;
    for line in &text.details {
        tree.push(w.block(Tag::P.into(), &mut y, 10.5, false, line));
    }
    let qr_id = w.qr(&text.verify_url)?;
    let mut figure = TagGroup::new(Tag::Figure(Some(text.qr_alt.clone())));
    figure.push(qr_id);
    tree.push(figure);
    let mut qy = QR_Y + 140.0;
    let mut verify = TagGroup::new(Tag::P);
    // The column right of the text, up to the frame: the sentence wraps in it, the URL (one
    // word) gets smaller until it fits.
    let x = QR_X - 40.0;
    let width = PAGE_W - x - 45.0;
    let url_size = (width / (text.verify_url.chars().count().max(1) as f32 * 0.58)).min(6.5);
    let mut lines: Vec<(f32, bool, String)> = wrap(&text.verify_line, 9.0, width)
        .into_iter()
        .map(|l| (9.0, false, l))
        .collect();
    lines.push((12.0, true, text.code.clone()));
    lines.push((url_size, false, text.verify_url.clone()));
    for (size, bold, line) in &lines {
        qy += size * 1.5;
        verify.push(w.line(x, qy, *size, *bold, line));
    }
    tree.push(verify);
    let Writer { surface, .. } = w;
    surface.finish();
    Ok(tree)
}

/// The attached credential of a PDF made by [`render`]: the bytes between the embedded file
/// stream's markers (uncompressed on purpose, so this needs no PDF parser).
pub fn attached_credential(pdf: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(pdf);
    // A JWT is base64url segments joined by dots, starting with the header `eyJ`.
    let start = text
        .find("stream\neyJ")
        .or_else(|| text.find("stream\r\neyJ"))?;
    let body = &text[start..];
    let body = &body[body.find("eyJ")?..];
    let end = body
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.'))
        .unwrap_or(body.len());
    Some(body[..end].to_owned())
}

/// The certificate's words in its language, from the certificate and its signed credential.
pub fn text_for(
    cert: &super::Certificate,
    catalogue: &crate::content::Catalogue,
    institution: &str,
    verify_url: &str,
) -> CertificateText {
    let lang =
        crate::content::Lang::parse(&cert.language).unwrap_or_else(crate::content::Lang::english);
    let t = crate::i18n::Tr::new(crate::i18n::UiLang::negotiate(Some(&lang)));
    let path = catalogue.path(&cert.path_id);
    let modules = path
        .map(|p| {
            p.modules
                .iter()
                .filter_map(|m| catalogue.module(m))
                .map(|m| format!("{} {}", m.id, m.title(&lang)))
                .collect::<Vec<_>>()
                .join(" · ")
        })
        .unwrap_or_default();
    let date = crate::certificates::certificate_day;
    CertificateText {
        lang: t.lang().code().to_owned(),
        heading: t.get("pdf-heading").to_owned(),
        awarded: t.get("pdf-awarded").to_owned(),
        name: cert.learner_name.clone().unwrap_or_default(),
        name_note: cert
            .name_self_declared
            .then(|| t.get("pdf-name-self-declared").to_owned()),
        completed: t.get("pdf-completed").to_owned(),
        path: path.map_or_else(|| cert.path_id.clone(), |p| p.title(&lang).to_owned()),
        modules: t.text("pdf-modules", "modules", &modules),
        details: vec![
            t.text("pdf-version", "version", &cert.content_version),
            t.with(
                "pdf-issued",
                &[
                    ("date", date(cert.issued_at).into()),
                    ("institution", institution.to_owned().into()),
                ],
            ),
            t.text("pdf-valid", "date", &date(cert.valid_until)),
        ],
        verify_line: t.get("pdf-verify").to_owned(),
        code: cert.code.display(),
        verify_url: verify_url.to_owned(),
        qr_alt: t.text("pdf-qr-alt", "url", verify_url),
    }
}
