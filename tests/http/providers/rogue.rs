//! A rogue issuer: a small OpenID provider on loopback that answers the token request with
//! whatever ID token a test asks for (wrong issuer, wrong audience, expired, no nonce, `alg:
//! none`, HS256 keyed with its own public key, ...), or slowly. Its discovery and keys are
//! well-formed, so each test shows that one defence alone stops the forged token.

use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

use axum::{
    extract::{Query, State},
    response::{IntoResponse, Redirect},
    routing::{get, post},
    Json, Router,
};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{json, Value};

/// The rogue's signing key (P-256), a test fixture made with `openssl ecparam -genkey`.
const PRIVATE_KEY: &str = "-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg+pZ8VFNamRmxyJh4
4GHvBq792LyOU4ksf0zyxYQM9tShRANCAAT/6pwim5/wmClE/ekWTUzx9vr46ebv
/ddj4G0Us/q+ITcUAPVCVbc3dX+ChsD6pRR10C8q5frIXNsqROwSXzM+
-----END PRIVATE KEY-----
";
/// Its public half, as PEM (what an HS256 forger would key the HMAC with) and as a JWK.
const PUBLIC_KEY: &str = "-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE/+qcIpuf8JgpRP3pFk1M8fb6+Onm
7/3XY+BtFLP6viE3FAD1QlW3N3V/gobA+qUUddAvKuX6yFzbKkTsEl8zPg==
-----END PUBLIC KEY-----
";
const JWK_X: &str = "_-qcIpuf8JgpRP3pFk1M8fb6-Onm7_3XY-BtFLP6viE";
const JWK_Y: &str = "NxQA9UJVtzd1f4KGwPqlFHXQLyrl-shc2ypE7BJfMz4";
const KID: &str = "rogue-1";
pub const CLIENT_ID: &str = "latch-rogue";

/// What the rogue's next token answer is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Forgery {
    /// A well-made token: the control, which must sign in.
    None,
    WrongIssuer,
    WrongAudience,
    Expired,
    NoNonce,
    WrongNonce,
    AlgNone,
    Hs256WithPublicKey,
    /// Signed with ES256 but naming RS256... no: an algorithm the rogue does not publish.
    UnpublishedAlgorithm,
    /// The token answer comes after `seconds`.
    Slow(u64),
}

#[derive(Default)]
struct Seen {
    issuer: String,
    nonce: Option<String>,
    forgery: Option<Forgery>,
}

/// The rogue, serving until the test ends.
#[derive(Clone)]
pub struct Rogue {
    pub issuer: String,
    seen: Arc<Mutex<Seen>>,
}

impl Rogue {
    pub async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let issuer = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Seen { issuer: issuer.clone(), ..Default::default() }));
        let app = Router::new()
            .route("/.well-known/openid-configuration", get(discovery))
            .route("/jwks", get(jwks))
            .route("/auth", get(authorize))
            .route("/token", post(token))
            .with_state(seen.clone());
        tokio::spawn(async move { axum::serve(listener, app).await });
        Self { issuer, seen }
    }

    /// The next token answer forges `forgery`.
    pub fn forge(&self, forgery: Forgery) {
        self.seen.lock().unwrap().forgery = Some(forgery);
    }
}

async fn discovery(State(seen): State<Arc<Mutex<Seen>>>) -> Json<Value> {
    let issuer = seen.lock().unwrap().issuer.clone();
    Json(json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{issuer}/auth"),
        "token_endpoint": format!("{issuer}/token"),
        "jwks_uri": format!("{issuer}/jwks"),
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        // Publishing HS256 and none changes nothing: Latch accepts neither from anyone.
        "id_token_signing_alg_values_supported": ["ES256", "HS256", "none"],
    }))
}

async fn jwks() -> Json<Value> {
    Json(
        json!({ "keys": [{ "kty": "EC", "crv": "P-256", "x": JWK_X, "y": JWK_Y, "kid": KID, "use": "sig", "alg": "ES256" }] }),
    )
}

/// Sends the browser straight back, as a provider that already knows the person would.
async fn authorize(
    State(seen): State<Arc<Mutex<Seen>>>,
    Query(query): Query<std::collections::HashMap<String, String>>,
) -> impl IntoResponse {
    seen.lock().unwrap().nonce = query.get("nonce").cloned();
    let back = format!("{}?code=rogue-code&state={}", query["redirect_uri"], query["state"]);
    Redirect::to(&back)
}

async fn token(State(seen): State<Arc<Mutex<Seen>>>) -> Json<Value> {
    let (issuer, nonce, forgery) = {
        let seen = seen.lock().unwrap();
        (seen.issuer.clone(), seen.nonce.clone(), seen.forgery.unwrap_or(Forgery::None))
    };
    if let Forgery::Slow(seconds) = forgery {
        tokio::time::sleep(Duration::from_secs(seconds)).await;
    }
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    let mut claims = json!({
        "iss": issuer,
        "sub": "rogue-subject",
        "aud": CLIENT_ID,
        "iat": now,
        "exp": now + 300,
        "nonce": nonce,
        "email": "rogue-person@example.com",
        "email_verified": true,
    });
    match forgery {
        Forgery::WrongIssuer => claims["iss"] = json!("https://accounts.example.com"),
        Forgery::WrongAudience => claims["aud"] = json!("someone-else"),
        Forgery::Expired => {
            claims["iat"] = json!(now - 7200);
            claims["exp"] = json!(now - 3600);
        }
        Forgery::NoNonce => {
            claims.as_object_mut().unwrap().remove("nonce");
        }
        Forgery::WrongNonce => claims["nonce"] = json!("a-nonce-of-another-sign-in"),
        _ => {}
    }
    let id_token = match forgery {
        Forgery::AlgNone => {
            let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
            format!("{header}.{}.", URL_SAFE_NO_PAD.encode(claims.to_string()))
        }
        Forgery::Hs256WithPublicKey => {
            let mut header = Header::new(Algorithm::HS256);
            header.kid = Some(KID.into());
            jsonwebtoken::encode(&header, &claims, &EncodingKey::from_secret(PUBLIC_KEY.as_bytes())).unwrap()
        }
        Forgery::UnpublishedAlgorithm => {
            // ES384 is a public-key algorithm Latch knows, but this provider does not publish it.
            let header = URL_SAFE_NO_PAD.encode(format!(r#"{{"alg":"ES384","kid":"{KID}"}}"#));
            let signed = jsonwebtoken::encode(&es256_header(), &claims, &key()).unwrap();
            let mut parts = signed.split('.');
            let _ = parts.next();
            format!("{header}.{}.{}", parts.next().unwrap(), parts.next().unwrap())
        }
        _ => jsonwebtoken::encode(&es256_header(), &claims, &key()).unwrap(),
    };
    Json(json!({ "access_token": "rogue-access", "token_type": "Bearer", "id_token": id_token }))
}

fn es256_header() -> Header {
    let mut header = Header::new(Algorithm::ES256);
    header.kid = Some(KID.into());
    header
}

fn key() -> EncodingKey {
    let body: String = PRIVATE_KEY.lines().filter(|line| !line.starts_with("-----")).collect();
    EncodingKey::from_ec_der(&base64::engine::general_purpose::STANDARD.decode(body).unwrap())
}
