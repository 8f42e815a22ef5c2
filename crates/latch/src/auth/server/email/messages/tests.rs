use super::*;

#[test]
fn a_name_is_escaped_in_html_and_the_link_is_in_both_bodies() {
    let mail = verify_address(Lang::En, "a@example.com", "<script>x</script>", "https://site/verify-email?token=abc");
    assert!(mail.html.contains("&lt;script&gt;x&lt;/script&gt;"));
    assert!(!mail.html.contains("<script>"));
    assert!(mail.text.contains("https://site/verify-email?token=abc"));
    assert!(mail.html.contains("href=\"https://site/verify-email?token=abc\""));
    assert_eq!(mail.subject, "Confirm your email address");
}

#[test]
fn the_old_address_sees_the_new_one_masked() {
    let mail = address_was_changed(Lang::En, "old@example.com", "ann", "newname@example.org");
    assert!(mail.text.contains("n***@example.org"));
    assert!(!mail.text.contains("newname"));
}

#[test]
fn a_mail_is_in_the_language_it_is_written_for() {
    let mail = reset_password(Lang::Ko, "a@example.com", "안나", "https://site/reset-password?token=abc");
    assert_eq!(mail.subject, "비밀번호 재설정");
    assert!(mail.text.starts_with("안나님, 안녕하세요."), "{}", mail.text);
    assert!(mail.text.contains("새 비밀번호 정하기: https://site/reset-password?token=abc"));
    assert!(mail.html.contains("<html lang=\"ko\">"));
    let english = reset_password(Lang::En, "a@example.com", "Ann", "https://site/reset-password?token=abc");
    assert_eq!(english.subject, "Reset your password");
    assert!(english.text.starts_with("Hello Ann,"));
}
