//! Who the client is, by network address: the key for throttling.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::{
    extract::{ConnectInfo, FromRequestParts},
    http::request::Parts,
};

use super::{error::ApiError, state::AppState};

/// The client's address: the socket's peer, or behind a trusted proxy the last
/// `X-Forwarded-For` entry (the one the proxy itself appended; earlier ones are the client's
/// to invent).
pub fn client_address(parts: &Parts, trust_proxy: bool) -> IpAddr {
    let forwarded = || {
        parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .next_back()
            .and_then(|last| last.trim().parse::<IpAddr>().ok())
    };
    let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|info| info.0.ip());
    trust_proxy.then(forwarded).flatten().or(peer).unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
}

/// The client's address as an extractor, for the JSON API's handlers.
pub struct ClientAddress(pub IpAddr);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        Ok(Self(client_address(parts, state.config.trust_proxy)))
    }
}
