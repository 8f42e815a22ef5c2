//! Sign-in with other providers, against a real OpenID provider (panva's `oidc-provider`,
//! started on loopback by each test: `end2end/providers/oidc-provider.mjs`), a rogue issuer
//! beside it that signs whatever a test asks (`rogue`), and a GitHub-shaped OAuth server
//! (`github`). A test walks the provider's own sign-in and consent pages as a browser would.

mod github;
mod hostile;
mod linking;
mod pages;
mod rogue;

use std::{process::Stdio, time::Duration};

use tokio::io::{AsyncBufReadExt, AsyncReadExt, BufReader};

use crate::common::{spawn_app_with, TestApp};
use crate::smtp_sink::SmtpSink;

/// Latch's client at the real provider.
pub const CLIENT_ID: &str = "latch-tests";
pub const CLIENT_SECRET: &str = "latch-tests-secret-0123456789";

/// A free port on loopback, for a server that must be named before it starts (the provider
/// and Latch each need the other's address in their configuration).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Latch on a port chosen first, so that its public origin (and so its callbacks) is known.
pub async fn app_on_known_port(vars: &[(&str, &str)]) -> TestApp {
    let port = free_port();
    let (site_addr, origin) = (format!("127.0.0.1:{port}"), format!("http://127.0.0.1:{port}"));
    let mut all = vec![("LEPTOS_SITE_ADDR", site_addr.as_str()), ("PUBLIC_ORIGIN", origin.as_str())];
    all.extend_from_slice(vars);
    spawn_app_with(&all).await
}

/// The real OpenID provider, stopped when dropped.
pub struct RealProvider {
    _child: tokio::process::Child,
}

impl RealProvider {
    /// Starts it on a free port, sending people back to `redirect_uri`; answers it and its
    /// port. A port picked free can be taken by another test's server before the provider
    /// binds it (the provider then exits at once): it tries another, up to three times.
    pub async fn start(redirect_uri: &str) -> (Self, u16) {
        let mut last_words = String::new();
        for _ in 0..3 {
            let port = free_port();
            match Self::start_on(port, redirect_uri).await {
                Ok(provider) => return (provider, port),
                Err(said) => last_words = said,
            }
        }
        panic!("the provider did not start: {last_words}");
    }

    async fn start_on(port: u16, redirect_uri: &str) -> Result<Self, String> {
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/end2end/providers/oidc-provider.mjs");
        let mut child = tokio::process::Command::new("node")
            .arg(script)
            .args(["--port", &port.to_string(), "--client-id", CLIENT_ID, "--client-secret", CLIENT_SECRET])
            .args(["--redirect-uri", redirect_uri])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("node runs the provider (scripts/setup.sh installs end2end's packages)");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        // Generous: under a full test run, node competes with every other test for two cores.
        let ready = tokio::time::timeout(Duration::from_secs(60), async {
            while let Ok(Some(line)) = lines.next_line().await {
                if line.starts_with("listening ") {
                    return true;
                }
            }
            false
        });
        if !ready.await.unwrap_or(false) {
            let _ = child.start_kill();
            let mut said = String::new();
            if let Some(mut stderr) = child.stderr.take() {
                let _ = tokio::time::timeout(Duration::from_secs(2), stderr.read_to_string(&mut said)).await;
            }
            return Err(said);
        }
        // Its notices keep coming to standard output and error: drained, so it never writes
        // to a closed pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        if let Some(stderr) = child.stderr.take() {
            let mut errors = BufReader::new(stderr).lines();
            tokio::spawn(async move { while let Ok(Some(_)) = errors.next_line().await {} });
        }
        Ok(Self { _child: child })
    }
}

/// Latch with provider `corp` at the real provider, its mail going to a sink.
pub struct Setup {
    pub app: TestApp,
    pub smtp: SmtpSink,
    /// The provider's address.
    pub issuer: String,
    /// Serving until the test ends.
    _provider: RealProvider,
}

impl Setup {
    pub async fn start() -> Self {
        Self::start_with(&[]).await
    }

    pub async fn start_with(extra: &[(&str, &str)]) -> Self {
        let app_port = free_port();
        let origin = format!("http://127.0.0.1:{app_port}");
        let (provider, provider_port) = RealProvider::start(&format!("{origin}/auth/oidc/corp/callback")).await;
        let issuer = format!("http://127.0.0.1:{provider_port}");
        let smtp = SmtpSink::start();
        let smtp_url = smtp.url();
        let site_addr = format!("127.0.0.1:{app_port}");
        let mut vars = vec![
            ("LEPTOS_SITE_ADDR", site_addr.as_str()),
            ("PUBLIC_ORIGIN", origin.as_str()),
            ("OIDC_CORP_ISSUER", issuer.as_str()),
            ("OIDC_CORP_CLIENT_ID", CLIENT_ID),
            ("OIDC_CORP_CLIENT_SECRET", CLIENT_SECRET),
            ("OIDC_CORP_LABEL", "Corp ID"),
            ("PROVIDER_TIMEOUT_SECS", "3"),
            ("SMTP_URL", smtp_url.as_str()),
        ];
        vars.extend_from_slice(extra);
        let app = spawn_app_with(&vars).await;
        Self { app, smtp, issuer, _provider: provider }
    }
}

/// A client that keeps cookies and follows no redirect.
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

impl Setup {
    /// A person at the provider (or their new address there): subject, address, whether the
    /// provider vouches for it. The login to type at the provider: the subject.
    pub async fn person(&self, subject: &str, email: &str, verified: bool) -> String {
        let person =
            serde_json::json!({ "email": email, "email_verified": verified, "name": format!("{subject} Person") });
        let url = format!("{}/test-accounts/{subject}", self.issuer);
        let answer = reqwest::Client::new().put(url).json(&person).send().await.unwrap();
        assert_eq!(answer.status(), 204);
        subject.to_owned()
    }
}

/// Starts at `start` (a Latch URL) and walks the provider's pages as `login`, until the
/// provider sends the browser to Latch's callback: that URL, not yet opened.
pub async fn to_callback(browser: &reqwest::Client, start: &str, login: &str) -> String {
    let mut url = start.to_owned();
    let mut answer = browser.get(&url).send().await.unwrap();
    for _ in 0..20 {
        if answer.status().is_redirection() {
            let location = answer.headers()["location"].to_str().unwrap().to_owned();
            url = absolute(&url, &location);
            if url.contains("/callback?") {
                return url;
            }
            answer = browser.get(&url).send().await.unwrap();
            continue;
        }
        let status = answer.status();
        let page = answer.text().await.unwrap();
        assert!(status.is_success(), "{url} answered {status}: {page}");
        let form = if page.contains(r#"name="prompt" value="login""#) {
            vec![("prompt", "login"), ("login", login), ("password", "any password")]
        } else if page.contains(r#"name="prompt" value="consent""#) {
            vec![("prompt", "consent")]
        } else {
            panic!("an unexpected page at {url}: {page}");
        };
        let action = page.split(r#"action=""#).nth(1).and_then(|rest| rest.split('"').next()).expect("a form");
        url = absolute(&url, &action.replace("&amp;", "&"));
        answer = browser.post(&url).form(&form).send().await.unwrap();
    }
    panic!("the provider never sent the browser back");
}

/// Opens the callback; the answer (a redirect into Latch, or a page that says why not).
pub async fn open(browser: &reqwest::Client, callback: &str) -> reqwest::Response {
    browser.get(callback).send().await.unwrap()
}

/// Signs in through the provider as `login`, from the login page, to `/profile`.
pub async fn sign_in(setup: &Setup, browser: &reqwest::Client, login: &str) -> reqwest::Response {
    let callback = to_callback(browser, &setup.app.url("/auth/oidc/corp?next=/profile"), login).await;
    open(browser, &callback).await
}

fn absolute(base: &str, location: &str) -> String {
    if location.starts_with("http://") || location.starts_with("https://") {
        return location.to_owned();
    }
    let origin: String = base.splitn(4, '/').take(3).collect::<Vec<_>>().join("/");
    format!("{origin}{location}")
}

/// The profile the browser's session shows, if it is signed in.
pub async fn who(setup: &Setup, browser: &reqwest::Client) -> Option<serde_json::Value> {
    let answer = browser.get(setup.app.url("/auth/me")).send().await.unwrap();
    match answer.status().as_u16() {
        200 => Some(answer.json().await.unwrap()),
        _ => None,
    }
}

/// `answer` is a redirect to `path` (ignoring its query).
pub fn assert_redirects_to(answer: &reqwest::Response, path: &str) {
    assert!(answer.status().is_redirection(), "{} is no redirect", answer.status());
    let location = answer.headers()["location"].to_str().unwrap();
    assert_eq!(location.split('?').next().unwrap(), path, "{location}");
}
