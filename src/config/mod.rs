//! Configuration: the file's schema, its defaults (the embedded
//! `config.example.toml`, laid under the user's file table by table) and
//! its validation. Turning a config into a running app is `wiring`'s job.

mod exposure;
mod merge;
mod schema;
mod validate;
pub mod values;

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use serde::Deserialize;
use thiserror::Error;

pub use exposure::key_exposure;
pub use schema::*;

/// The embedded default config, which is also the documented example.
pub const EMBEDDED: &str = include_str!("../../config.example.toml");

/// How the embedded default names itself in messages.
pub const EMBEDDED_NAME: &str = "<embedded default>";

#[derive(Debug, Error)]
pub enum ConfigError {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
}

static EMBEDDED_CONFIG: LazyLock<Config> =
    LazyLock::new(|| parse(EMBEDDED, EMBEDDED_NAME).expect("embedded default config is valid"));

/// Parse config text over the embedded default; `origin` names the file
/// in errors, which give its line and key.
pub fn parse(text: &str, origin: &str) -> Result<Config, ConfigError> {
    let invalid = |e: toml::de::Error| ConfigError::Invalid {
        path: origin.to_string(),
        message: e.to_string().trim_end().to_string(),
    };
    let mut user = merge::parse_table(text).map_err(invalid)?;
    let base = merge::parse_table(EMBEDDED)
        .expect("embedded default is TOML")
        .into_inner();
    merge::lay_over(user.get_mut(), base);
    let de = toml::de::Deserializer::from(user);
    let mut config = Config::deserialize(de).map_err(|mut e| {
        e.set_input(Some(text));
        invalid(e)
    })?;
    config.origin = origin.to_string();
    config.validate(origin)?;
    Ok(config)
}

impl Config {
    pub fn embedded() -> Config {
        EMBEDDED_CONFIG.clone()
    }

    pub fn symbols(&self) -> Vec<String> {
        self.watchlist.symbols.iter().map(|s| s.0.clone()).collect()
    }

    /// How old a quote's data may be, while its market trades, before it
    /// is marked stale.
    pub fn stale_after_secs(&self) -> i64 {
        match self.quotes.stale_after {
            Some(every) => every.0.as_secs() as i64,
            None => (self.refresh.quotes.0.as_secs() as i64 * 3).max(60),
        }
    }
}

/// Where the config came from, in lookup order.
#[derive(Debug, Clone, PartialEq)]
pub enum ConfigOrigin {
    Flag(PathBuf),
    Env(PathBuf),
    Xdg(PathBuf),
    Embedded,
}

/// `--config`, then `$TICKWIRE_CONFIG`, then the XDG config file if it
/// exists, else the embedded default.
pub fn locate(flag: Option<&Path>, env: Option<PathBuf>, xdg: Option<PathBuf>) -> ConfigOrigin {
    if let Some(p) = flag {
        return ConfigOrigin::Flag(p.to_path_buf());
    }
    if let Some(p) = env.filter(|p| !p.as_os_str().is_empty()) {
        return ConfigOrigin::Env(p);
    }
    match xdg {
        Some(p) if p.is_file() => ConfigOrigin::Xdg(p),
        _ => ConfigOrigin::Embedded,
    }
}

pub fn xdg_config_file() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "tickwire").map(|d| d.config_dir().join("config.toml"))
}

pub fn load(origin: &ConfigOrigin) -> Result<Config, ConfigError> {
    match origin {
        ConfigOrigin::Embedded => Ok(Config::embedded()),
        ConfigOrigin::Flag(p) | ConfigOrigin::Env(p) | ConfigOrigin::Xdg(p) => load_file(p),
    }
}

pub fn load_file(path: &Path) -> Result<Config, ConfigError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: shown.clone(),
        source,
    })?;
    parse(&text, &shown)
}

#[cfg(test)]
mod tests;
