//! What the provider pages say in Korean (해요체).

use super::ProviderTexts;

/// Every text of the provider pages in Korean.
pub const KO: ProviderTexts = ProviderTexts {
    title_failed: "로그인하지 못했어요",
    title_cancelled: "로그인을 취소했어요",
    cancelled: "{provider}에서 취소했어요. 바뀐 것은 없어요.",
    expired: "이 로그인은 만료됐거나 이미 끝났거나 다른 브라우저에서 시작됐어요. 로그인 페이지에서 다시 시작하세요.",
    state_mismatch: "이 응답은 이 브라우저가 시작한 로그인의 것이 아니어서 거부했어요. 로그인 페이지에서 다시 시작하세요.",
    unreachable: "{provider}이(가) 제때 응답하지 않았어요. 잠시 후 다시 시도하세요.",
    answer_refused: "{provider}의 응답이 확인을 통과하지 못해 거부했어요. 다시 시도하고, 계속 그러면 사이트 관리자에게 알려 주세요.",
    provider_refused: "{provider}이(가) 로그인을 거부했어요 ({code}).",
    no_verified_email: "{provider}이(가) 확인된 주소를 알려 주지 않아 계정을 만들지 않았어요. {provider}에서 주소를 확인하거나 비밀번호로 가입하세요.",
    account_exists: "이 주소로 된 계정이 이미 있어요. 그 계정으로 로그인한 뒤 계정 페이지에서 {provider}을(를) 연결하세요.",
    linked_elsewhere: "이 {provider} 계정은 이미 여기의 다른 계정에 연결돼 있어요. 그 계정으로 로그인하거나 먼저 그 계정에서 연결을 해제하세요.",
    needs_details: "이 사이트는 가입할 때 {provider}이(가) 알려 주지 않는 정보를 물어요. 가입 양식으로 가입한 뒤 계정 페이지에서 {provider}을(를) 연결하세요.",
    unknown_provider: "이 사이트에는 그런 이름의 로그인 서비스가 없어요.",
    back_to_login: "로그인으로 돌아가기",
    back_to_account: "계정으로 돌아가기",
};
