//! A readable name for the device a session was opened from, from its `User-Agent`: what a
//! person recognises ("Chrome on Linux"), not the header's history of compatibility tokens.

/// The browser and the system a `User-Agent` names, as far as it does: a page says them in
/// its own language ("Chrome on Linux", "Linux의 Chrome").
pub fn parts(user_agent: Option<&str>) -> (Option<&'static str>, Option<&'static str>) {
    match user_agent.filter(|agent| !agent.trim().is_empty()) {
        Some(agent) => (first(Part::Browser, agent), first(Part::System, agent)),
        None => (None, None),
    }
}

/// "Browser on system", or as much of it as the header says, in English: the JSON API's
/// `device` and the operator's command line.
pub fn describe(user_agent: Option<&str>) -> String {
    match parts(user_agent) {
        (Some(browser), Some(system)) => format!("{browser} on {system}"),
        (Some(browser), None) => browser.to_owned(),
        (None, Some(system)) => format!("A browser on {system}"),
        (None, None) => "Unknown device".to_owned(),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    Browser,
    System,
}

/// What to look for, in order, and what it means. Order matters: Edge and Opera say
/// "Chrome" too, Chrome says "Safari", Android says "Linux" and iOS "like Mac OS X".
const TOKENS: [(Part, &str, &str); 18] = [
    (Part::Browser, "Edg/", "Edge"),
    (Part::Browser, "OPR/", "Opera"),
    (Part::Browser, "SamsungBrowser/", "Samsung Internet"),
    (Part::Browser, "Firefox/", "Firefox"),
    (Part::Browser, "FxiOS/", "Firefox"),
    (Part::Browser, "CriOS/", "Chrome"),
    (Part::Browser, "Chrome/", "Chrome"),
    (Part::Browser, "Safari/", "Safari"),
    (Part::Browser, "curl/", "curl"),
    (Part::Browser, "python-requests/", "Python requests"),
    (Part::System, "Android", "Android"),
    (Part::System, "iPhone", "iOS"),
    (Part::System, "iPad", "iPadOS"),
    (Part::System, "CrOS", "ChromeOS"),
    (Part::System, "Windows", "Windows"),
    (Part::System, "Mac OS X", "macOS"),
    (Part::System, "Macintosh", "macOS"),
    (Part::System, "Linux", "Linux"),
];

fn first(part: Part, agent: &str) -> Option<&'static str> {
    TOKENS.iter().find(|(kind, token, _)| *kind == part && agent.contains(token)).map(|(_, _, name)| *name)
}

#[cfg(test)]
mod tests {
    use super::describe;

    #[test]
    fn common_user_agents_read_as_a_person_would_say_them() {
        let cases = [
            ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36", "Chrome on Linux"),
            ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0", "Edge on Windows"),
            ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1", "Safari on iOS"),
            ("Mozilla/5.0 (Macintosh; Intel Mac OS X 14.0; rv:121.0) Gecko/20100101 Firefox/121.0", "Firefox on macOS"),
            ("Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36", "Chrome on Android"),
            ("curl/8.5.0", "curl"),
        ];
        for (agent, expected) in cases {
            assert_eq!(describe(Some(agent)), expected, "{agent}");
        }
        assert_eq!(describe(None), "Unknown device");
        assert_eq!(describe(Some("something-else/1.0")), "Unknown device");
    }
}
