//! `securehospitals operator password`: sets the password of the operator pages (`/operator`).

use crate::config::Config;
use clap::Subcommand;
use std::io::BufRead as _;

#[derive(Debug, Subcommand)]
pub enum OperatorVerb {
    /// Set the operator password, read from standard input (one line; at least 12 characters).
    /// Ends every operator session.
    Password,
}

pub async fn run(config: Config, verb: OperatorVerb) -> anyhow::Result<()> {
    match verb {
        OperatorVerb::Password => {
            eprintln!("New operator password (one line, at least 12 characters):");
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line)?;
            let password = line.trim_end_matches(['\r', '\n']);
            let phc = crate::operator::hash_password(password)?;
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
