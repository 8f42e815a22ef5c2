//! What every request and answer passes through: the body limit, the cross-site refusal, the
//! security headers, the request id, and server functions' real status codes.

pub mod body_limit;
pub mod csrf;
pub mod headers;
pub mod request_id;
pub mod server_fn_errors;
