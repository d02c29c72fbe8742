//! What a sandbox is started with: its address, the instance it accepts, the admin account, the
//! access-token lifetime and the folders it serves.

use std::path::PathBuf;

/// The InstanceId a sandbox accepts unless told otherwise (printed at start, in the README).
pub const DEFAULT_INSTANCE_ID: &str = "5a7d0c1e-0b1d-4c2e-9a43-5a4db0c0ffee";
/// The InstanceKey a sandbox accepts unless told otherwise.
pub const DEFAULT_INSTANCE_KEY: &str = "b0c4f1e2-7d3a-4e5f-8a9b-sandbox00key";
/// The admin login (email) a sandbox accepts unless told otherwise.
pub const DEFAULT_ADMIN_EMAIL: &str = "admin@sandbox.local";
/// The admin API password a sandbox accepts unless told otherwise.
pub const DEFAULT_ADMIN_PASSWORD: &str = "sandbox-admin";

/// Everything a sandbox needs to run.
#[derive(Clone)]
pub struct Config {
    /// The `InstanceId` header value registration and device login require.
    pub instance_id: String,
    /// The `InstanceKey` header value (and device-login password) registration requires.
    pub instance_key: String,
    /// The admin login email.
    pub admin_email: String,
    /// The admin API password.
    pub admin_password: String,
    /// Seconds an access token lives (`ExpiresIn` and the JWT's `exp`).
    pub access_ttl: u64,
    /// The demo page folder, served at `/`.
    pub www: Option<PathBuf>,
    /// The npm package folder, served at `/pkg/`.
    pub pkg: Option<PathBuf>,
    /// More folders to serve, as `(prefix, folder)`: test pages, say.
    pub mounts: Vec<(String, PathBuf)>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            instance_id: DEFAULT_INSTANCE_ID.into(),
            instance_key: DEFAULT_INSTANCE_KEY.into(),
            admin_email: DEFAULT_ADMIN_EMAIL.into(),
            admin_password: DEFAULT_ADMIN_PASSWORD.into(),
            access_ttl: 3600,
            www: None,
            pkg: None,
            mounts: Vec::new(),
        }
    }
}

// The key and the passwords are the sandbox's own, but Debug still leaves them out: logs of a
// test run get pasted into issues.
impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("instance_id", &self.instance_id)
            .field("admin_email", &self.admin_email)
            .field("access_ttl", &self.access_ttl)
            .field("www", &self.www)
            .field("pkg", &self.pkg)
            .field("mounts", &self.mounts)
            .finish_non_exhaustive()
    }
}
