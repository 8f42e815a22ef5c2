//! Where a person goes after logging in: the `next` a protected page hands to `/login`, escaped
//! for the query, and checked again when it is used (`validate::local_redirect_target`).

use super::validate::local_redirect_target;

/// `text` escaped for a URL's query: everything but unreserved characters and `/` as `%XX`.
pub fn query_value(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => (b as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// The login page, asked to come back to `path_and_query` (this site's paths only; anything
/// else comes back to the profile).
pub fn login_then(path_and_query: &str) -> String {
    format!("/login?next={}", query_value(&local_redirect_target(Some(path_and_query))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_way_back_is_escaped_and_stays_on_this_site() {
        assert_eq!(login_then("/notes"), "/login?next=/notes");
        assert_eq!(login_then("/notes?tag=a&b=c%20d"), "/login?next=/notes%3Ftag%3Da%26b%3Dc%2520d");
        // A space is no part of a URL the browser sends: refused, back to the profile.
        assert_eq!(login_then("/notes?b=c d"), "/login?next=/profile");
        assert_eq!(login_then("//evil.example/x"), "/login?next=/profile");
        assert_eq!(login_then("https://evil.example/"), "/login?next=/profile");
    }
}
