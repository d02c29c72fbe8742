//! The sandbox's state: users, access-token issuing and checking, and single-use refresh tokens.
//! Everything lives in memory behind one mutex that is never held across an await.

use crate::config::Config;
use crate::counters::Counters;
use crate::faults::Faults;
use crate::jwt::{self, Claims};
use crate::users::User;
use axum::http::{header, HeaderMap};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};

/// Who an access or refresh token belongs to.
#[derive(Clone, Debug, PartialEq)]
pub enum Subject {
    /// A user, by DeviceToken.
    User(String),
    /// The admin account.
    Admin,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Grant {
    Live,
    Spent,
    Revoked,
}

/// Why a refresh was refused.
#[derive(Debug, PartialEq)]
pub enum RefreshRefusal {
    /// Never issued here.
    Unknown,
    /// Already exchanged once: single use.
    Spent,
    /// Revoked through the control API.
    Revoked,
    /// The access token is not this refresh token's pair, or not ours.
    Mismatch,
    /// The user was deleted.
    Gone,
}

/// Everything the sandbox keeps.
#[derive(Default)]
pub struct World {
    /// Users by DeviceToken.
    pub users: HashMap<String, User>,
    refresh: HashMap<String, (Subject, Grant)>,
    generation: u64,
    /// Seconds an access token lives; changeable at run time.
    pub access_ttl: u64,
    /// Every access and refresh token issued, oldest first: what a client must never leak.
    pub issued: Vec<String>,
}

/// The shared sandbox: configuration, state, counters and faults.
pub struct Sandbox {
    /// What it was started with.
    pub config: Config,
    secret: [u8; 32],
    world: Mutex<World>,
    /// What it has seen.
    pub counters: Counters,
    /// The armed faults.
    pub faults: Faults,
}

/// Seconds since the epoch.
pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// A random opaque token.
pub fn random_token() -> String {
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

impl Sandbox {
    /// A sandbox with no users.
    pub fn new(config: Config) -> Self {
        let mut secret = [0; 32];
        secret[..16].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
        secret[16..].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
        let world = World {
            access_ttl: config.access_ttl,
            ..World::default()
        };
        Self {
            config,
            secret,
            world: Mutex::new(world),
            counters: Counters::default(),
            faults: Faults::default(),
        }
    }

    /// The state, locked. A panic elsewhere never poisons it for good: the data stays usable.
    pub fn world(&self) -> MutexGuard<'_, World> {
        self.world
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Issues a new access and refresh token for `subject`: the `Result` of login, refresh and
    /// registration (admins get no `DeviceToken`, as in the service's sample).
    pub fn issue(&self, world: &mut World, subject: Subject) -> Value {
        let iat = now();
        let (sub, device_token, tracking) = match &subject {
            Subject::User(device) => {
                let tracking = world.users.get(device).is_some_and(|u| u.flags[1]);
                (
                    device.clone(),
                    Some(device.clone()),
                    if tracking { "True" } else { "False" },
                )
            }
            Subject::Admin => (self.config.admin_email.clone(), None, "False"),
        };
        let claims = Claims {
            sub,
            jti: uuid::Uuid::new_v4().to_string(),
            iat,
            exp: iat + world.access_ttl,
            generation: world.generation,
            is_admin: if subject == Subject::Admin {
                "True"
            } else {
                "False"
            }
            .into(),
            device_token: device_token.clone(),
            instance_id: self.config.instance_id.clone(),
            tracking: tracking.into(),
        };
        let refresh = random_token();
        world
            .refresh
            .insert(refresh.clone(), (subject, Grant::Live));
        let access = jwt::sign(&self.secret, &claims);
        world.issued.extend([access.clone(), refresh.clone()]);
        let mut result = json!({
            "AccessToken": { "Token": access, "ExpiresIn": world.access_ttl },
            "RefreshToken": refresh,
        });
        if let Some(device) = device_token {
            result["DeviceToken"] = device.into();
        }
        result
    }

    /// Who the request's `Authorization: Bearer` token belongs to, if it is ours, unexpired, of
    /// the current generation, and its user still exists.
    pub fn caller(&self, world: &World, headers: &HeaderMap) -> Option<Subject> {
        let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
        let (scheme, token) = value.split_once(' ')?;
        if !scheme.eq_ignore_ascii_case("bearer") {
            return None;
        }
        let claims = jwt::verify(&self.secret, token.trim())?;
        if claims.exp <= now() || claims.generation != world.generation {
            return None;
        }
        let subject = subject_of(&claims);
        match &subject {
            Subject::User(device) if !world.users.contains_key(device) => None,
            _ => Some(subject),
        }
    }

    /// Exchanges a refresh token (with its access token, expired or not) for a new pair. The
    /// refresh token is spent whether or not the access token matches, as a rotating server
    /// that treats a mismatch as theft would.
    pub fn rotate(
        &self,
        world: &mut World,
        access: &str,
        refresh: &str,
    ) -> Result<Value, RefreshRefusal> {
        let (subject, grant) = world
            .refresh
            .get(refresh)
            .cloned()
            .ok_or(RefreshRefusal::Unknown)?;
        match grant {
            Grant::Spent => return Err(RefreshRefusal::Spent),
            Grant::Revoked => return Err(RefreshRefusal::Revoked),
            Grant::Live => {}
        }
        world
            .refresh
            .insert(refresh.to_string(), (subject.clone(), Grant::Spent));
        let claims = jwt::verify(&self.secret, access).ok_or(RefreshRefusal::Mismatch)?;
        if subject_of(&claims) != subject {
            return Err(RefreshRefusal::Mismatch);
        }
        if let Subject::User(device) = &subject {
            if !world.users.contains_key(device) {
                return Err(RefreshRefusal::Gone);
            }
        }
        Ok(self.issue(world, subject))
    }

    /// Every access token issued so far stops working now; the new generation.
    pub fn expire_access(&self) -> u64 {
        let mut world = self.world();
        world.generation += 1;
        world.generation
    }

    /// Revokes the live refresh tokens of `device` (of everyone when `None`); how many.
    pub fn revoke(&self, device: Option<&str>) -> usize {
        let mut world = self.world();
        let mut revoked = 0;
        for (subject, grant) in world.refresh.values_mut() {
            let mine = match (device, &*subject) {
                (None, _) => true,
                (Some(d), Subject::User(own)) => d == own,
                (Some(_), Subject::Admin) => false,
            };
            if mine && *grant == Grant::Live {
                *grant = Grant::Revoked;
                revoked += 1;
            }
        }
        revoked
    }
}

fn subject_of(claims: &Claims) -> Subject {
    match (&claims.device_token, claims.is_admin.as_str()) {
        (_, "True") => Subject::Admin,
        (Some(device), _) => Subject::User(device.clone()),
        (None, _) => Subject::User(claims.sub.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bearer(token: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::AUTHORIZATION,
            format!("Bearer {token}").parse().unwrap(),
        );
        headers
    }

    fn with_user() -> (Sandbox, Value) {
        let sandbox = Sandbox::new(Config::default());
        let mut world = sandbox.world();
        world.users.insert("d".into(), User::new("d".into()));
        let pair = sandbox.issue(&mut world, Subject::User("d".into()));
        drop(world);
        (sandbox, pair)
    }

    #[test]
    fn an_issued_token_names_its_user_until_the_generation_moves_on() {
        let (sandbox, pair) = with_user();
        let headers = bearer(pair["AccessToken"]["Token"].as_str().unwrap());
        assert_eq!(
            sandbox.caller(&sandbox.world(), &headers),
            Some(Subject::User("d".into()))
        );
        sandbox.expire_access();
        assert_eq!(sandbox.caller(&sandbox.world(), &headers), None);
        assert_eq!(
            sandbox.caller(&sandbox.world(), &bearer("forged.token.here")),
            None
        );
    }

    #[test]
    fn a_refresh_token_rotates_once_then_is_spent() {
        let (sandbox, pair) = with_user();
        let (access, refresh) = (
            pair["AccessToken"]["Token"].as_str().unwrap(),
            pair["RefreshToken"].as_str().unwrap(),
        );
        let mut world = sandbox.world();
        let next = sandbox.rotate(&mut world, access, refresh).unwrap();
        assert_ne!(next["RefreshToken"], pair["RefreshToken"]);
        assert_eq!(next["DeviceToken"], "d");
        assert_eq!(
            sandbox.rotate(&mut world, access, refresh),
            Err(RefreshRefusal::Spent)
        );
        assert_eq!(
            sandbox.rotate(&mut world, access, "nope"),
            Err(RefreshRefusal::Unknown)
        );
        let other = next["RefreshToken"].as_str().unwrap();
        assert_eq!(
            sandbox.rotate(&mut world, "not.a.jwt", other),
            Err(RefreshRefusal::Mismatch)
        );
    }

    #[test]
    fn revoking_and_deleting_end_refreshes() {
        let (sandbox, pair) = with_user();
        let access = pair["AccessToken"]["Token"].as_str().unwrap();
        assert_eq!(sandbox.revoke(Some("someone else")), 0);
        assert_eq!(sandbox.revoke(Some("d")), 1);
        let mut world = sandbox.world();
        assert_eq!(
            sandbox.rotate(&mut world, access, pair["RefreshToken"].as_str().unwrap()),
            Err(RefreshRefusal::Revoked)
        );
        let again = sandbox.issue(&mut world, Subject::User("d".into()));
        world.users.clear();
        assert_eq!(
            sandbox.rotate(&mut world, access, again["RefreshToken"].as_str().unwrap()),
            Err(RefreshRefusal::Gone)
        );
    }
}
