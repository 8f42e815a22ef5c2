//! Notes' texts in Korean (해요체, as Latch's).

use super::NotesTexts;

/// Every text of Notes' own in Korean.
pub const KO: NotesTexts = NotesTexts {
    brand: "노트",
    notes_title: "내 노트",
    notes_loading: "노트를 불러오는 중…",
    notes_heading: "{author}님의 노트",
    notes_empty: "아직 노트가 없어요. 아래에서 첫 노트를 써 보세요.",
    notes_delete: "삭제",
    notes_new: "새 노트",
    notes_limit: "{max}자까지 쓸 수 있어요.",
    notes_saving: "저장하는 중…",
    notes_add: "노트 추가",
    note_title: "노트",
    note_not_found: "찾을 수 없어요",
    note_written: "작성: {date}",
    notes_back: "내 노트로 돌아가기",
    display_name_label: "표시 이름",
    display_name_hint: "노트 위에 표시돼요. 선택 사항이며 40자까지 쓸 수 있어요.",
    display_name_refused: "표시 이름에는 보이지 않는 문자나 제어 문자를 쓸 수 없어요.",
    note_empty: "먼저 내용을 써 주세요.",
    note_too_long: "노트가 너무 길어요(최대 {max}자).",
};
