//! Taking one's data: a long history is written a page at a time, and arrives whole, in
//! order, in the same document a short one makes.

use reqwest::Client;
use serde_json::Value;

use crate::common::spawn_app;

/// Events the export reads at a time (`auth::server::account::export::EXPORT_PAGE`).
const PAGE: i64 = 1_000;

#[tokio::test]
async fn a_history_of_several_pages_is_exported_whole_newest_first_in_one_document() {
    let app = spawn_app().await;
    let token = app.bearer_of_new_account("ada@example.com", "Ada").await;
    let id = app.count("SELECT id FROM users WHERE email = 'ada@example.com'").await;
    // Two pages and a part, written at once as the store would have over the weeks; within
    // the 90 days kept, so no pruning round takes any.
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    let extra = 2 * PAGE + 345;
    app.execute(&format!(
        "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {extra})
         INSERT INTO events (user_id, type, at, ip) SELECT {id}, 'login_failed', {now} - 86400 + i, '192.0.2.' || (i % 200) FROM s"
    ))
    .await;
    let held = app.count(&format!("SELECT count(*) FROM events WHERE user_id = {id}")).await;
    assert!(held > extra);

    let answer = Client::new().get(app.url("/auth/export")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(answer.status(), 200);
    assert_eq!(answer.headers()["content-type"], "application/json");
    let text = answer.text().await.unwrap();
    let export: Value = serde_json::from_str(&text).expect("one JSON document");
    assert!(text.starts_with("{\"exported_at\":"), "the fields in their order: {}", &text[..40]);
    let events = export["events"].as_array().unwrap();
    assert_eq!(events.len() as i64, held, "every event, across the pages' seams");
    let ids: Vec<i64> = events.iter().map(|event| event["id"].as_i64().unwrap()).collect();
    assert!(ids.windows(2).all(|pair| pair[0] > pair[1]), "newest first, none twice");

    // The same events, in the same order, as paging the history by hand gives.
    let mut paged = Vec::new();
    let mut before = String::new();
    loop {
        let url = app.url(&format!("/auth/events?limit=200{before}"));
        let page: Vec<Value> = Client::new().get(url).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        let Some(last) = page.last() else { break };
        before = format!("&before={}", last["id"]);
        paged.extend(page);
    }
    assert_eq!(&paged, events);
    assert_eq!(export["profile"]["email"], "ada@example.com");
    assert_eq!(export["sessions"].as_array().unwrap().len(), 1);
}
