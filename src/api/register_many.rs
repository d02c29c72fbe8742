//! `POST /v1/Registration/CreateMany`, in batches.
//!
//! No public source shows CreateMany's wire format; per the API contract the body is a JSON array
//! of Create bodies and `Result` an array of Create results in the same order. A batch rejected as
//! a whole marks each of its users failed; a user whose input is invalid fails alone, unsent.

use crate::api::register::{instance_credentials, registration, Registration};
use crate::config::{Config, Endpoint};
use crate::envelope::{self, ResponseMeta};
use crate::error::{Error, Result};
use crate::json::{Json, JsonText, Shape};
use crate::request::{Method, Request};
use crate::wire::tokens::TokenResult;
use crate::wire::user::{Purpose, UserInput};

/// The batch size when `registerMany` is given none.
pub const DEFAULT_BATCH_SIZE: usize = 100;
/// The largest accepted batch size.
pub const MAX_BATCH_SIZE: usize = 1000;

/// One batch to send: the request and the input positions of its users.
#[derive(Debug)]
pub struct Batch {
    /// The CreateMany request.
    pub request: Request,
    /// The position in the caller's list of each user in this batch, in body order.
    pub indices: Vec<usize>,
}

/// The outcome for each user, by position in the caller's list, so that both lists come out in
/// position order without a sort.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Each user's registration or error, by position; `None` while the user's batch has not been
    /// recorded.
    pub users: Vec<Option<Result<Registration>>>,
}

impl Outcome {
    /// The users registered, with their positions, in position order.
    pub fn registered(&self) -> impl Iterator<Item = (usize, &Registration)> {
        self.by_position(|user| user.as_ref().ok())
    }

    /// The users that failed, with their positions, in position order.
    pub fn failed(&self) -> impl Iterator<Item = (usize, &Error)> {
        self.by_position(|user| user.as_ref().err())
    }

    /// The recorded users that `pick` takes, with their positions.
    fn by_position<'a, T>(
        &'a self,
        pick: fn(&'a Result<Registration>) -> Option<&'a T>,
    ) -> impl Iterator<Item = (usize, &'a T)> {
        // A loop rather than `filter_map`: 0.09 KB less in the `.wasm`.
        let mut users = self.users.iter().enumerate();
        std::iter::from_fn(move || {
            for (i, user) in users.by_ref() {
                if let Some(picked) = user.as_ref().and_then(pick) {
                    return Some((i, picked));
                }
            }
            None
        })
    }

    fn set(&mut self, index: usize, outcome: Result<Registration>) {
        // A batch of another plan could name a position this one lacks: it is ignored.
        if let Some(slot) = self.users.get_mut(index) {
            *slot = Some(outcome);
        }
    }
}

/// Checks `batchSize` (a whole number from 1 to [`MAX_BATCH_SIZE`]).
pub fn batch_size(value: Option<f64>) -> Result<usize> {
    match value {
        None => Ok(DEFAULT_BATCH_SIZE),
        Some(v) => crate::json::whole(v, 1.0, MAX_BATCH_SIZE as f64)
            .map(|n| n as usize)
            .ok_or_else(|| Error::input("batchSize must be a whole number from 1 to 1000")),
    }
}

/// Validates every user and splits the valid ones into batches. The outcome has a place for
/// every user: an invalid user's is its error already, the others wait for [`record`].
pub fn plan(
    config: &Config,
    users: &[Result<UserInput>],
    size: usize,
) -> Result<(Vec<Batch>, Outcome)> {
    let (id, key) = instance_credentials(config)?;
    let mut batches = Vec::new();
    let mut outcome = Outcome::default();
    let (mut indices, mut bodies) = (Vec::new(), Vec::new());
    for (index, user) in users.iter().enumerate() {
        outcome.users.push(
            match user
                .as_ref()
                .map_err(Clone::clone)
                .and_then(|u| u.to_body(Purpose::Register))
            {
                Ok(body) => {
                    indices.push(index);
                    bodies.push(body);
                    None
                }
                Err(e) => Some(Err(e)),
            },
        );
        if bodies.len() >= size || (index + 1 == users.len() && !bodies.is_empty()) {
            let request = Request::new(Method::Post, config.url(Endpoint::RegisterMany))
                .header("InstanceId", id)
                .header("InstanceKey", key)
                .json(Json::Array(std::mem::take(&mut bodies)));
            batches.push(Batch {
                request,
                indices: std::mem::take(&mut indices),
            });
        }
    }
    Ok((batches, outcome))
}

/// The `Result` of `CreateMany`: one token result (or `null`) per user, in order.
fn results(json: &Json) -> std::result::Result<Vec<Option<TokenResult>>, Shape> {
    let mut out = Vec::new();
    for (i, item) in json.items()?.iter().enumerate() {
        out.push(match item {
            Json::Null => None,
            item => Some(TokenResult::read(item).map_err(|e| e.at_index(i))?),
        });
    }
    Ok(out)
}

/// Records a batch's answer (or its failure) for each of its users.
pub fn record<J: JsonText>(
    batch: &Batch,
    answer: Result<(ResponseMeta<'_>, &J)>,
    now_ms: u64,
    outcome: &mut Outcome,
) {
    let results = answer.and_then(|(meta, body)| {
        let list = envelope::read(&meta, body, now_ms, results)?
            .ok_or_else(|| Error::invalid_response("the CreateMany answer has no Result"))?;
        if list.len() != batch.indices.len() {
            return Err(Error::invalid_response(
                "the CreateMany answer has a result count unlike the batch's",
            ));
        }
        Ok(list)
    });
    match results {
        Ok(list) => {
            for (index, result) in batch.indices.iter().zip(list) {
                let result = result
                    .ok_or_else(|| Error::invalid_response("no result for this user"))
                    .and_then(registration);
                outcome.set(*index, result);
            }
        }
        Err(e) => {
            for i in &batch.indices {
                outcome.set(*i, Err(e.clone()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::SerdeJsonText;

    fn config() -> Config {
        Config {
            instance_id: Some("iid".into()),
            instance_key: Some("k".into()),
            ..Default::default()
        }
    }

    fn user(field: &str, value: &str) -> Result<UserInput> {
        Ok(UserInput::new(Json::Object(vec![(field.into(), value.into())])).unwrap())
    }

    fn users(n: usize) -> Vec<Result<UserInput>> {
        (0..n)
            .map(|i| user("firstName", &format!("u{i}")))
            .collect()
    }

    #[test]
    fn batches_and_invalid_users() {
        let mut list = users(5);
        list[1] = user("birthday", "bad");
        list[3] = Err(Error::input("users[3] must be an object"));
        let (batches, outcome) = plan(&config(), &list, 2).unwrap();
        assert_eq!(
            batches
                .iter()
                .map(|b| b.indices.clone())
                .collect::<Vec<_>>(),
            vec![vec![0, 2], vec![4]]
        );
        assert_eq!(
            batches[0].request.body.as_deref(),
            Some(r#"[{"FirstName":"u0"},{"FirstName":"u2"}]"#)
        );
        assert_eq!(
            batches[0].request.url,
            "https://user.telematicssdk.com/v1/Registration/CreateMany"
        );
        assert_eq!(
            outcome
                .failed()
                .map(|(i, e)| (i, e.code().as_str()))
                .collect::<Vec<_>>(),
            vec![(1, "invalid_input"), (3, "invalid_input")]
        );
        // The others wait for their batches.
        assert_eq!(outcome.users.len(), 5);
        assert_eq!(outcome.registered().count(), 0);
    }

    #[test]
    fn records_results_by_position() {
        let (batches, mut outcome) = plan(&config(), &users(3), 3).unwrap();
        let ok = ResponseMeta {
            status: 200,
            ..Default::default()
        };
        let body = SerdeJsonText::new(
            r#"{"Result":[{"DeviceToken":"a"},null,{"DeviceToken":"c","AccessToken":{"Token":"t","ExpiresIn":5},"RefreshToken":"r"}],"Status":200}"#,
        );
        record(&batches[0], Ok((ok, &body)), 0, &mut outcome);
        assert_eq!(
            outcome
                .registered()
                .map(|(i, r)| (i, r.device_token.as_str()))
                .collect::<Vec<_>>(),
            vec![(0, "a"), (2, "c")]
        );
        let failed: Vec<_> = outcome.failed().map(|(i, e)| (i, e.message())).collect();
        assert_eq!(failed, vec![(1, "no result for this user")]);
    }

    #[test]
    fn a_rejected_batch_fails_each_user() {
        for (status, body, code) in [
            (422u16, r#"{"Status":422,"Errors":[]}"#, "validation"),
            (
                200,
                r#"{"Result":[{"DeviceToken":"a"}],"Status":200}"#,
                "invalid_response",
            ),
            (500, "", "server"),
        ] {
            let (batches, mut outcome) = plan(&config(), &users(2), 10).unwrap();
            let meta = ResponseMeta {
                status,
                ..Default::default()
            };
            record(
                &batches[0],
                Ok((meta, &SerdeJsonText::new(body))),
                0,
                &mut outcome,
            );
            let codes: Vec<_> = outcome
                .failed()
                .map(|(i, e)| (i, e.code().as_str()))
                .collect();
            assert_eq!(codes, vec![(0, code), (1, code)], "{status} {body}");
        }
        let (batches, mut outcome) = plan(&config(), &users(1), 10).unwrap();
        record::<SerdeJsonText>(
            &batches[0],
            Err(Error::new(crate::ErrorCode::Network, "down")),
            0,
            &mut outcome,
        );
        assert_eq!(
            outcome.failed().next().unwrap().1.code().as_str(),
            "network"
        );
    }

    #[test]
    fn both_lists_come_out_in_position_order() {
        // Invalid users fail at once, then whole batches; batches may be recorded in any order.
        let mut list = users(6);
        list[4] = Err(Error::input("users[4] must be an object"));
        let (batches, mut outcome) = plan(&config(), &list, 2).unwrap();
        let ok = ResponseMeta {
            status: 200,
            ..Default::default()
        };
        let one = SerdeJsonText::new(r#"{"Result":[{"DeviceToken":"f"}],"Status":200}"#);
        record(&batches[2], Ok((ok, &one)), 0, &mut outcome);
        let two = SerdeJsonText::new(
            r#"{"Result":[{"DeviceToken":"a"},{"DeviceToken":"b"}],"Status":200}"#,
        );
        record(&batches[0], Ok((ok, &two)), 0, &mut outcome);
        let down = Error::new(crate::ErrorCode::Network, "down");
        record::<SerdeJsonText>(&batches[1], Err(down), 0, &mut outcome);
        let registered: Vec<_> = outcome
            .registered()
            .map(|(i, r)| (i, r.device_token.as_str()))
            .collect();
        assert_eq!(registered, vec![(0, "a"), (1, "b"), (5, "f")]);
        let failed: Vec<_> = outcome
            .failed()
            .map(|(i, e)| (i, e.code().as_str()))
            .collect();
        assert_eq!(
            failed,
            vec![(2, "network"), (3, "network"), (4, "invalid_input")]
        );
        // A batch of another plan, naming positions this outcome lacks, changes nothing.
        let (other, _) = plan(&config(), &users(9), 6).unwrap();
        assert_eq!(other[1].indices, vec![6, 7, 8]);
        record::<SerdeJsonText>(&other[1], Err(Error::input("x")), 0, &mut outcome);
        assert_eq!(outcome.users.len(), 6);
        assert_eq!(outcome.failed().count(), 3);
    }

    #[test]
    fn batch_sizes() {
        assert_eq!(batch_size(None).unwrap(), 100);
        assert_eq!(batch_size(Some(1.0)).unwrap(), 1);
        for bad in [0.0, -1.0, 2.5, 1001.0, f64::NAN] {
            assert_eq!(
                batch_size(Some(bad)).unwrap_err().code().as_str(),
                "invalid_input"
            );
        }
    }
}
