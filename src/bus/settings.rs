//! `Settings` from the config's [bus] table, the `--bus` flag and the
//! environment (each secret may come from either; the environment wins).

use std::path::PathBuf;

use super::{Auth, Names, Secret, Settings};
use crate::config::BusConfig;
use crate::sources::quotes::Env;

impl Settings {
    pub fn from_config(
        config: &BusConfig,
        flag: Option<&str>,
        env: Env,
    ) -> Result<Settings, String> {
        let url = flag
            .map(str::to_string)
            .or_else(|| config.url.clone())
            .ok_or("no bus: pass --bus nats://HOST:PORT or set [bus] url")?;
        let path =
            |name: &str, value: &Option<PathBuf>| env(name).map(PathBuf::from).or(value.clone());
        let nkey_seed = match env("TICKWIRE_BUS_NKEY_SEED") {
            Some(seed) => Some(seed),
            None => match &config.nkey_seed_file {
                Some(p) => Some(
                    std::fs::read_to_string(p)
                        .map_err(|e| format!("bus nkey_seed_file {}: {e}", p.display()))?
                        .trim()
                        .to_string(),
                ),
                None => None,
            },
        };
        let tls_client = match (&config.tls_cert_file, &config.tls_key_file) {
            (Some(c), Some(k)) => Some((c.clone(), k.clone())),
            (None, None) => None,
            _ => return Err("bus: tls_cert_file and tls_key_file go together".into()),
        };
        let auth = Auth {
            creds_file: path("TICKWIRE_BUS_CREDS", &config.creds_file),
            nkey_seed: nkey_seed.map(Secret),
            user: env("TICKWIRE_BUS_USER").or(config.user.clone()),
            password: env("TICKWIRE_BUS_PASSWORD")
                .or(config.password.clone())
                .map(Secret),
            tls_ca_file: config.tls_ca_file.clone(),
            tls_client,
            tls_required: config.tls_required,
        };
        Ok(Settings {
            url,
            names: Names::new(&config.desk)?,
            max_age: config.max_age.0,
            max_bytes: config.max_bytes,
            replay: config.replay.0,
            lease: config.lease.0,
            auth,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn bus() -> BusConfig {
        Config::embedded().bus
    }

    #[test]
    fn the_environment_wins_and_nothing_secret_is_shown() {
        let env = |name: &str| match name {
            "TICKWIRE_BUS_USER" => Some("screen".to_string()),
            "TICKWIRE_BUS_PASSWORD" => Some("env-pw".to_string()),
            _ => None,
        };
        let mut config = bus();
        config.password = Some("file-pw".into());
        let s = Settings::from_config(&config, Some("nats://u:url-pw@h:4222"), &env).unwrap();
        assert_eq!(s.auth.user.as_deref(), Some("screen"));
        assert_eq!(s.auth.password, Some(Secret("env-pw".into())));
        let shown = format!("{s:?}");
        for secret in ["env-pw", "file-pw", "url-pw"] {
            assert!(!shown.contains(secret), "{shown}");
        }
    }

    #[test]
    fn a_bus_needs_a_url_and_a_one_token_desk() {
        let none = |_: &str| None;
        assert!(Settings::from_config(&bus(), None, &none).is_err());
        let mut config = bus();
        config.desk = "a.b".into();
        assert!(Settings::from_config(&config, Some("nats://h:4222"), &none).is_err());
    }
}
