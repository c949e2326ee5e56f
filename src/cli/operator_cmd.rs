//! `securehospitals operator password`: sets the password of the operator pages (`/operator`).

use crate::config::Config;
use anyhow::bail;
use clap::Subcommand;
use std::io::{BufRead as _, IsTerminal as _};

#[derive(Debug, Subcommand)]
pub enum OperatorVerb {
    /// Set the operator password: typed twice without echo at a terminal, else one line from
    /// standard input; at least 12 characters. Ends every operator session.
    Password,
}

pub async fn run(config: Config, verb: OperatorVerb) -> anyhow::Result<()> {
    match verb {
        OperatorVerb::Password => {
            let password = read_password()?;
            let phc = crate::operator::hash_password(&password)?;
            let store = crate::db::open_existing(&config.database_url).await?;
            store
                .set_operator_password(&phc, crate::launch::unix_now())
                .await?;
            println!(
                "operator password set; sign in at {}",
                config.url("operator/login")
            );
            Ok(())
        }
    }
}

/// At a terminal: typed twice, not shown. Otherwise (a script, a secret piped in): one line.
fn read_password() -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("New operator password (at least 12 characters): ")?;
        let again = rpassword::prompt_password("The same password again: ")?;
        if first != again {
            bail!("the two passwords differ; nothing was changed");
        }
        return Ok(first);
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}
