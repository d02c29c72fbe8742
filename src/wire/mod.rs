//! The service's wire formats: what the client sends (PascalCase) and reads back.

pub mod profile;
pub mod tokens;
pub mod user;
