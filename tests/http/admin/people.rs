//! What an administrator reads: the search (prefixes, any case, keyset pages that neither
//! repeat nor skip while accounts come and go), one person in full (recorded in the audit),
//! the audit's filters, and the last 30 days' counts.

use std::collections::BTreeSet;

use super::*;

fn emails(page: &Value) -> Vec<String> {
    page["people"].as_array().unwrap().iter().map(|p| p["email"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn a_prefix_finds_by_address_or_name_in_any_case_and_pages_neither_repeat_nor_skip() {
    let (app, _sink) = app_with_mail().await;
    let admin = admin(&app, "admin@example.com").await;
    for n in 0..7 {
        signup(&app, &format!("user{n}@example.com"), &format!("Zed {n}")).await;
    }
    let bo = signup(&app, "bo@example.com", "ÉLODIE").await;

    let (_, page) = get(&app, "/auth/admin/people?q=USER&limit=3", &admin.bearer).await;
    assert_eq!(emails(&page), ["user0@example.com", "user1@example.com", "user2@example.com"]);
    let mut seen: BTreeSet<String> = emails(&page).into_iter().collect();
    let mut next = page["next"].as_str().map(str::to_owned);
    // An account that sorts before the cursor appears meanwhile: the next pages are unmoved.
    signup(&app, "user00@example.com", "Late").await;
    while let Some(after) = next {
        let (status, page) =
            get(&app, &format!("/auth/admin/people?q=user&limit=3&after={after}"), &admin.bearer).await;
        assert_eq!(status, StatusCode::OK);
        for email in emails(&page) {
            assert!(seen.insert(email.clone()), "{email} came twice");
        }
        next = page["next"].as_str().map(str::to_owned);
    }
    let expected: BTreeSet<String> = (0..7).map(|n| format!("user{n}@example.com")).collect();
    assert_eq!(seen, expected);

    let (_, by_name) = get(&app, "/auth/admin/people?by=username&q=%C3%89lOd", &admin.bearer).await;
    assert_eq!(emails(&by_name), ["bo@example.com"], "ASCII letters in any case, others as typed");
    let (_, zeds) = get(&app, "/auth/admin/people?by=username&q=zED%203", &admin.bearer).await;
    assert_eq!(emails(&zeds), ["user3@example.com"]);
    let person = &by_name["people"][0];
    assert_eq!(
        (person["email_verified"].as_bool(), person["disabled_at"].is_null(), person["authenticator"].as_bool()),
        (Some(false), true, Some(false))
    );
    assert!(person["last_sign_in_at"].is_null());
    let (_, by_id) = get(&app, &format!("/auth/admin/people?by=id&q={bo}"), &admin.bearer).await;
    assert_eq!(emails(&by_id), ["bo@example.com"]);
    let (_, admins) = get(&app, "/auth/admin/people?q=admin", &admin.bearer).await;
    let me = &admins["people"][0];
    assert_eq!((me["roles"].clone(), me["authenticator"].as_bool()), (json!(["admin"]), Some(true)));
    assert!(me["last_sign_in_at"].as_i64().is_some());

    for wrong in ["limit=0", "limit=101", "by=phone", "after=%25%25"] {
        let (status, answer) = get(&app, &format!("/auth/admin/people?{wrong}"), &admin.bearer).await;
        assert!(matches!(status.as_u16(), 400 | 422), "{wrong}: {status} {answer}");
    }
}

#[tokio::test]
async fn opening_a_person_shows_them_in_full_and_is_recorded() {
    let (app, _sink) = app_with_mail().await;
    let person = signup(&app, "bo@example.com", "Bo").await;
    let _laptop = bearer(&app, "bo@example.com").await;
    let admin = admin(&app, "admin@example.com").await;
    let second = admin_second(&app).await;

    let (status, details) = get(&app, &format!("/auth/admin/people/{person}"), &admin.bearer).await;
    assert_eq!(status, StatusCode::OK, "{details}");
    assert_eq!(details["person"]["email"], "bo@example.com");
    assert_eq!(details["sessions"].as_array().unwrap().len(), 1);
    assert_eq!(details["events"][0]["type"], "login");
    let text = details.to_string();
    for secret in ["password_hash", "secret_sealed", "token_hash", "credential"] {
        assert!(!text.contains(secret), "no {secret} in {text}");
    }
    assert_eq!(get(&app, "/auth/admin/people/999999", &admin.bearer).await.0, StatusCode::NOT_FOUND);
    assert_eq!(get(&app, "/auth/admin/people/not-a-number", &admin.bearer).await.0, StatusCode::NOT_FOUND);
    get(&app, &format!("/auth/admin/people/{person}"), &second.bearer).await;

    let (_, audit) = get(&app, &format!("/auth/admin/audit?person={person}"), &admin.bearer).await;
    let rows = audit["entries"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!((rows[0]["action"].as_str(), rows[0]["admin_id"].as_i64()), (Some("viewed"), Some(second.id)));
    assert_eq!(rows[1]["admin_email"], "admin@example.com");
    assert!(rows[1]["ip"].as_str().unwrap().starts_with("127."), "from where: {}", rows[1]);
    let (_, mine) = get(&app, &format!("/auth/admin/audit?admin={}&person={person}", admin.id), &admin.bearer).await;
    assert_eq!(mine["entries"].as_array().unwrap().len(), 1);
    let (_, nobody) = get(&app, "/auth/admin/audit?person=999999", &admin.bearer).await;
    assert_eq!(nobody["entries"], json!([]));
}

async fn admin_second(app: &TestApp) -> AdminAccount {
    admin(app, "second@example.com").await
}

#[tokio::test]
async fn the_last_thirty_days_count_signups_sign_ins_and_wrong_passwords() {
    let (app, _sink) = app_with_mail().await;
    signup(&app, "bo@example.com", "Bo").await;
    bearer(&app, "bo@example.com").await;
    let wrong = json!({ "email": "bo@example.com", "password": "not the password at all" });
    send(&app, Method::POST, "/auth/login", None, Some(wrong)).await;
    let admin = admin(&app, "admin@example.com").await;
    // Ten days ago, someone signed up: it lands on its own day.
    // (The chart counts per day as things happen: the count moves with it.)
    app.execute("UPDATE activity_days SET count = count - 1 WHERE kind = 'signup' AND day = (SELECT max(day) FROM activity_days)").await;
    let ten_days_ago = "(SELECT max(day) FROM activity_days) - 10 * 86400";
    app.execute(&format!("INSERT INTO activity_days (day, kind, count) VALUES ({ten_days_ago}, 'signup', 1)")).await;
    let (status, days) = get(&app, "/auth/admin/activity", &admin.bearer).await;
    assert_eq!(status, StatusCode::OK);
    let days = days.as_array().unwrap();
    assert_eq!(days.len(), 30);
    let today = &days[29];
    assert_eq!(today["signups"], 1, "the administrator's own signup: {today}");
    assert_eq!(today["failed"], 1);
    assert!(today["logins"].as_i64().unwrap() >= 3, "bo once, the administrator twice: {today}");
    assert_eq!(days[19]["signups"], 1, "bo's, ten days back");
    assert_eq!(days[29]["day"].as_i64().unwrap() - days[0]["day"].as_i64().unwrap(), 29 * 86400);
}
