//! What Latch's mails say in Korean (해요체, as the pages).

use super::MailTexts;

/// Every text of Latch's mails in Korean.
pub const KO: MailTexts = MailTexts {
    hello: "{name}님, 안녕하세요.",
    or_paste: "버튼이 열리지 않으면 이 주소를 브라우저에 붙여 넣으세요: {link}",
    signature: "Latch 드림",
    verify_subject: "이메일 주소를 확인해 주세요",
    verify_lead: "이 주소가 본인의 것인지 확인해 주세요. 확인해 두면 비밀번호를 잊었을 때 계정을 되찾을 수 있어요.",
    verify_action: "주소 확인하기",
    verify_tail: "링크는 24시간 동안 쓸 수 있어요. Latch 계정을 만든 적이 없다면 이 메일은 무시하세요.",
    reset_subject: "비밀번호 재설정",
    reset_lead: "누군가 Latch 계정의 비밀번호 재설정을 요청했어요. 본인이 요청했다면 여기에서 새 비밀번호를 정하세요.",
    reset_action: "새 비밀번호 정하기",
    reset_tail: "링크는 30분 동안 한 번만 쓸 수 있어요. 요청한 적이 없다면 이 메일은 무시하세요. 비밀번호는 그대로예요.",
    reset_done_subject: "비밀번호가 변경됐어요",
    reset_done_lead: "방금 Latch 계정의 비밀번호가 재설정되어 모든 세션에서 로그아웃됐어요.",
    reset_done_removed: "이번 재설정으로 이 주소가 본인의 것임이 처음 확인됐기 때문에, 그 전에 계정에 추가된 인증 앱과 패스키는 삭제했어요. 계정 페이지에서 직접 다시 설정하세요.",
    reset_done_not_you: "본인이 한 일이 아니라면 로그인 페이지에서 바로 다시 재설정하고, 계정의 최근 활동을 확인하세요.",
    new_address_subject: "새 이메일 주소를 확인해 주세요",
    new_address_lead: "Latch 계정에서 이 주소를 쓰겠다고 요청하셨어요. 여기에서 확인하세요.",
    new_address_action: "이 주소 사용하기",
    new_address_tail: "링크는 24시간 동안 쓸 수 있어요. 그때까지는 계정이 이전 주소를 그대로 써요.",
    moved_subject: "이메일 주소가 변경됐어요",
    moved_lead: "이제 Latch 계정이 이 주소 대신 {address}을(를) 사용해요.",
    moved_not_you: "본인이 변경하지 않았다면 다른 사람이 비밀번호를 알고 있을 수 있어요. 관리자에게 연락하세요.",
    factor_subject: "계정의 로그인 방법이 바뀌었어요",
    factor_totp_on: "Latch 계정에 인증 앱이 켜졌어요.",
    factor_totp_off: "Latch 계정의 인증 앱이 꺼졌어요.",
    factor_passkey_added: "Latch 계정에 \"{name}\" 패스키가 추가됐어요.",
    factor_passkey_removed: "Latch 계정에서 패스키가 삭제됐어요.",
    factor_not_you: "본인이 한 일이 아니라면 바로 비밀번호를 바꾸고 계정의 최근 활동을 확인하세요.",
    recovery_subject: "복구 코드가 사용됐어요",
    recovery_lead: "방금 복구 코드로 Latch 계정에 로그인했어요. 남은 코드는 {left}개예요.",
    recovery_not_you: "본인이 한 일이 아니라면 바로 비밀번호를 바꾸고 인증 앱을 다시 설정하세요.",
};
