//! The answer a call received, which the call pipeline produces and the decoders and pages read.

use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use ory_hydra_v1_transport::Received;

use crate::error::ApiError;

/// A successful (2xx) answer, or a redirection where one is expected.
pub(crate) struct Answer {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

/// A successful answer (or a redirection, when `redirect` says one is expected) as it is; any other
/// status is an API error of the operation named `operation`.
pub(crate) fn answer_of(operation: &'static str, received: Received, redirect: bool) -> Result<Answer, Box<ApiError>> {
    let (status, headers, body) = (received.status, received.headers, received.body);
    if !(status.is_success() || redirect && status.is_redirection()) {
        return Err(Box::new(ApiError::new(operation, status, &body)));
    }
    Ok(Answer { status, headers, body })
}
