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

/// The default and the largest batch size.
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

/// The outcome for each user, by position.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Users registered, with their positions, sorted by position.
    pub registered: Vec<(usize, Registration)>,
    /// Users that failed, with their positions, sorted by position.
    pub failed: Vec<(usize, Error)>,
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

/// Validates every user and splits the valid ones into batches; invalid users go straight to
/// `outcome.failed`.
pub fn plan(
    config: &Config,
    users: &[Result<UserInput>],
    size: usize,
    outcome: &mut Outcome,
) -> Result<Vec<Batch>> {
    let (id, key) = instance_credentials(config)?;
    let mut batches = Vec::new();
    let (mut indices, mut bodies) = (Vec::new(), Vec::new());
    for (index, user) in users.iter().enumerate() {
        match user
            .as_ref()
            .map_err(Clone::clone)
            .and_then(|u| u.to_body(Purpose::Register))
        {
            Ok(body) => {
                indices.push(index);
                bodies.push(body);
            }
            Err(e) => outcome.failed.push((index, e)),
        }
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
    Ok(batches)
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
                match result
                    .ok_or_else(|| Error::invalid_response("no result for this user"))
                    .and_then(registration)
                {
                    Ok(r) => outcome.registered.push((*index, r)),
                    Err(e) => outcome.failed.push((*index, e)),
                }
            }
        }
        Err(e) => {
            for i in &batch.indices {
                outcome.failed.push((*i, e.clone()));
            }
        }
    }
}

impl Outcome {
    /// Puts both lists in position order. Positions are unique user indices, so each outcome goes
    /// straight to its user's slot: no sort (whose code would cost more than this), and one pass
    /// for both lists.
    pub fn finish(self) -> Outcome {
        let mut len = 0;
        for (i, _) in &self.registered {
            len = len.max(i + 1);
        }
        for (i, _) in &self.failed {
            len = len.max(i + 1);
        }
        let mut slots: Vec<Option<Result<Registration>>> = Vec::new();
        for _ in 0..len {
            slots.push(None);
        }
        for (i, registration) in self.registered {
            slots[i] = Some(Ok(registration));
        }
        for (i, error) in self.failed {
            slots[i] = Some(Err(error));
        }
        let mut out = Outcome::default();
        for (i, slot) in slots.into_iter().enumerate() {
            match slot {
                Some(Ok(registration)) => out.registered.push((i, registration)),
                Some(Err(error)) => out.failed.push((i, error)),
                None => {}
            }
        }
        out
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
        let mut outcome = Outcome::default();
        let batches = plan(&config(), &list, 2, &mut outcome).unwrap();
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
                .failed
                .iter()
                .map(|(i, e)| (*i, e.code().as_str()))
                .collect::<Vec<_>>(),
            vec![(1, "invalid_input"), (3, "invalid_input")]
        );
    }

    #[test]
    fn records_results_by_position() {
        let mut outcome = Outcome::default();
        let batches = plan(&config(), &users(3), 3, &mut outcome).unwrap();
        let ok = ResponseMeta {
            status: 200,
            ..Default::default()
        };
        let body = SerdeJsonText::new(
            r#"{"Result":[{"DeviceToken":"a"},null,{"DeviceToken":"c","AccessToken":{"Token":"t","ExpiresIn":5},"RefreshToken":"r"}],"Status":200}"#,
        );
        record(&batches[0], Ok((ok, &body)), 0, &mut outcome);
        let o = outcome.finish();
        assert_eq!(
            o.registered
                .iter()
                .map(|(i, r)| (*i, r.device_token.as_str()))
                .collect::<Vec<_>>(),
            vec![(0, "a"), (2, "c")]
        );
        assert_eq!(o.failed.len(), 1);
        assert_eq!(o.failed[0].0, 1);
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
            let mut outcome = Outcome::default();
            let batches = plan(&config(), &users(2), 10, &mut outcome).unwrap();
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
                .failed
                .iter()
                .map(|(i, e)| (*i, e.code().as_str()))
                .collect();
            assert_eq!(codes, vec![(0, code), (1, code)], "{status} {body}");
        }
        let mut outcome = Outcome::default();
        let batches = plan(&config(), &users(1), 10, &mut outcome).unwrap();
        record::<SerdeJsonText>(
            &batches[0],
            Err(Error::new(crate::ErrorCode::Network, "down")),
            0,
            &mut outcome,
        );
        assert_eq!(outcome.failed[0].1.code().as_str(), "network");
    }

    #[test]
    fn finish_puts_both_lists_in_position_order() {
        let e = |m: &str| Error::input(m.to_string());
        let r = |d: &str| Registration {
            device_token: d.into(),
            access_token: None,
            refresh_token: None,
            expires_in: None,
        };
        // Invalid users fail first, then whole batches, so `failed` arrives out of order.
        let o = Outcome {
            registered: vec![(4, r("e")), (2, r("c")), (9, r("j"))],
            failed: vec![(3, e("d")), (0, e("a")), (1, e("b"))],
        }
        .finish();
        let positions: Vec<usize> = o.registered.iter().map(|(i, _)| *i).collect();
        assert_eq!(positions, vec![2, 4, 9]);
        assert_eq!(o.registered[2].1.device_token, "j");
        assert_eq!(
            o.failed
                .iter()
                .map(|(i, e)| (*i, e.message().to_string()))
                .collect::<Vec<_>>(),
            vec![(0, "a".into()), (1, "b".into()), (3, "d".into())]
        );
        assert!(Outcome::default().finish().failed.is_empty());
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
