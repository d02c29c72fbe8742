//! One module per operation of the service: each builds its [`Request`](crate::request::Request)
//! from validated input and reads the answer into the value JavaScript receives.

pub mod login;
pub mod refresh;
pub mod register;
pub mod register_many;
pub mod users;
