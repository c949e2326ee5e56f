//! `securehospitals certificate verify FILE | rotate-key`: checking a credential file (JWT or
//! JSON) against the issuer's published keys and revocations, and rotating the issuer key
//! (the old key stays published, so earlier certificates keep verifying).

use crate::certificates::credential::IssuerUrls;
use crate::certificates::{issuer_keys, service};
use crate::config::Config;
use crate::launch::unix_now;
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum CertificateVerb {
    /// Check a certificate PDF, the signed .jwt or the .json download. Exits non-zero unless
    /// the certificate is valid.
    Verify { file: PathBuf },
    /// Start signing credentials with a new issuer key; earlier keys stay published.
    RotateKey,
}

pub async fn run(config: Config, verb: CertificateVerb) -> anyhow::Result<()> {
    let (store, kek) = crate::app::open_existing_store(&config).await?;
    let urls = IssuerUrls::new(&config.public_url);
    match verb {
        CertificateVerb::Verify { file } => {
            let bytes = std::fs::read(&file)
                .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
            let report = service::verify_upload(store.as_ref(), &urls, &bytes, unix_now()).await?;
            let json = crate::web::certificate_report_json(&report, &urls);
            println!("{}", serde_json::to_string_pretty(&json)?);
            use crate::certificates::verify::Verdict;
            let why = match &report.verdict {
                Verdict::Valid => return Ok(()),
                Verdict::Expired { on } => format!(
                    "it expired on {}",
                    crate::certificates::certificate_day(*on)
                ),
                Verdict::NotYetValid { from } => {
                    format!(
                        "it is valid only from {}",
                        crate::certificates::certificate_day(*from)
                    )
                }
                Verdict::Revoked { reason } => format!("it was revoked: {reason}"),
                Verdict::NotIssuedHere { reason } => {
                    format!("this tool did not issue it: {reason}")
                }
                Verdict::Invalid { reason } => format!("it does not hold: {reason}"),
            };
            anyhow::bail!("the certificate is not valid: {why}");
        }
        CertificateVerb::RotateKey => {
            // The tool's own keys prove the key-encryption key: with no issuer key yet, a wrong
            // one would otherwise encrypt the issuer's first key under a key the service lacks.
            crate::keys::ToolKeys::load(store.as_ref(), &kek).await?;
            issuer_keys::ensure(store.as_ref(), &kek, unix_now()).await?;
            let kid = issuer_keys::rotate(store.as_ref(), &kek, unix_now()).await?;
            println!(
                "credentials are now signed with issuer key {kid}; earlier keys stay published"
            );
        }
    }
    Ok(())
}
