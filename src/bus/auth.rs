//! How a process proves itself to the server, the NATS ways: a
//! credentials file, an nkey seed, user and password; and TLS. Secrets
//! never appear in Debug output, logs or errors.

use std::path::PathBuf;

use async_nats::ConnectOptions;

/// A secret value: its Debug says only that it is set.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<hidden>")
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Auth {
    pub creds_file: Option<PathBuf>,
    pub nkey_seed: Option<Secret>,
    pub user: Option<String>,
    pub password: Option<Secret>,
    pub tls_ca_file: Option<PathBuf>,
    /// Client certificate and key, both or neither.
    pub tls_client: Option<(PathBuf, PathBuf)>,
    pub tls_required: bool,
}

impl Auth {
    /// The client options these credentials make.
    pub async fn options(&self) -> std::io::Result<ConnectOptions> {
        let mut opts = ConnectOptions::new();
        if let Some(path) = &self.creds_file {
            opts = opts.credentials_file(path).await.map_err(|e| {
                std::io::Error::new(
                    e.kind(),
                    format!("bus credentials file {}: {e}", path.display()),
                )
            })?;
        }
        if let Some(seed) = &self.nkey_seed {
            opts = opts.nkey(seed.0.clone());
        }
        if let (Some(user), Some(password)) = (&self.user, &self.password) {
            opts = opts.user_and_password(user.clone(), password.0.clone());
        }
        if let Some(ca) = &self.tls_ca_file {
            opts = opts.add_root_certificates(ca.clone());
        }
        if let Some((cert, key)) = &self.tls_client {
            opts = opts.add_client_certificate(cert.clone(), key.clone());
        }
        Ok(opts.require_tls(self.tls_required))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_never_shown() {
        let auth = Auth {
            nkey_seed: Some(Secret("SUAEXAMPLESEED".into())),
            user: Some("screen".into()),
            password: Some(Secret("hunter2".into())),
            ..Auth::default()
        };
        let shown = format!("{auth:?}");
        assert!(shown.contains("screen"), "{shown}");
        assert!(
            !shown.contains("hunter2") && !shown.contains("SUAEXAMPLE"),
            "{shown}"
        );
    }
}
