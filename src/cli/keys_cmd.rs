//! `securehospitals keys rotate|list`.

use crate::config::Config;
use crate::keys;
use crate::launch::unix_now;
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum KeysVerb {
    /// Publish a new key now; it signs after `--key-sign-delay-secs`, the old one stays
    /// published for `--key-grace-secs` after it stops signing.
    Rotate,
    /// List the tool's keys and their status.
    List,
}

pub async fn run(config: Config, verb: KeysVerb) -> anyhow::Result<()> {
    let (store, kek) = crate::app::open_existing_store(&config).await?;
    let now = unix_now();
    match verb {
        KeysVerb::Rotate => {
            // On a database without keys, `rotate` makes the first one, which signs at once.
            let first = keys::list(store.as_ref(), now).await?.is_empty();
            let kid = keys::rotate(
                store.as_ref(),
                &kek,
                now,
                config.key_sign_delay,
                config.key_grace,
            )
            .await?;
            if first {
                println!("created the first key {kid}; it is published and signs now");
            } else {
                println!(
                    "new key {kid} is published now and signs from {}; running servers pick it up within seconds",
                    keys::format_time(now + config.key_sign_delay.as_secs() as i64)
                );
            }
        }
        KeysVerb::List => {
            let all = keys::list(store.as_ref(), now).await?;
            if all.is_empty() {
                println!("no tool keys yet: the service creates the first one when it starts");
            }
            for k in all {
                println!("{k}");
            }
        }
    }
    Ok(())
}
