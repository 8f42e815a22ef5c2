use std::io::Cursor;

use sha1::{Digest, Sha1};

use super::*;

fn sha1_hex(text: &str) -> String {
    Sha1::digest(text.as_bytes()).iter().map(|b| format!("{b:02X}")).collect()
}

/// `n` listed passwords, `listed-0` ..., as Have I Been Pwned lines with counts 1..=5.
fn list(n: usize) -> String {
    (0..n).map(|i| format!("{}:{}\r\n", sha1_hex(&format!("listed-{i}")), i % 5 + 1)).collect()
}

fn built(list: &str, settings: &BuildSettings) -> (tempfile::TempDir, BuildReport, BreachFilter) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("breached.filter");
    let report = build(Cursor::new(list.as_bytes()), &path, settings, &mut ()).unwrap();
    let filter = BreachFilter::load(&path).unwrap();
    (dir, report, filter)
}

#[test]
fn every_listed_password_is_held_and_others_almost_never() {
    let (_dir, report, filter) = built(&list(50_000), &BuildSettings::default());
    assert_eq!((report.entries, filter.entries(), report.shards), (50_000, 50_000, 1));
    assert!((0..50_000).all(|i| filter.holds_password(&format!("listed-{i}"))));
    // 16-bit fingerprints: about 1 in 65,536 wrongly held, so ~3 of 200,000.
    let wrongly = (0..200_000).filter(|i| filter.holds_password(&format!("other-{i}"))).count();
    assert!(wrongly <= 20, "{wrongly} of 200,000 unlisted passwords held");
    assert!(filter.bits_per_entry() < 21.0, "{}", filter.bits_per_entry());
}

#[test]
fn shards_split_a_large_list_and_each_finds_its_hashes() {
    let settings = BuildSettings { max_shard_keys: 4_000, ..BuildSettings::default() };
    let (_dir, report, filter) = built(&list(40_000), &settings);
    assert!(report.shards >= 10, "{} shards", report.shards);
    assert!((0..40_000).all(|i| filter.holds_password(&format!("listed-{i}"))));
}

#[test]
fn lowercase_duplicates_blank_lines_and_bare_hashes_are_read() {
    let mut text = list(30_000);
    text.push_str(&format!("\n{}\n\n{}:7\n", sha1_hex("bare").to_lowercase(), sha1_hex("listed-3")));
    let (_dir, report, filter) = built(&text, &BuildSettings::default());
    assert_eq!((report.entries, report.duplicates), (30_001, 1));
    assert!(filter.holds_password("bare"));
}

#[test]
fn a_minimum_count_leaves_rarer_hashes_out() {
    let settings = BuildSettings { min_count: 5, ..BuildSettings::default() };
    let (_dir, report, filter) = built(&list(50_000), &settings);
    assert_eq!((report.entries, report.below_min_count), (10_000, 40_000));
    assert!(filter.holds_password("listed-4"));
    let rare_held =
        (0..50_000).filter(|i| i % 5 != 4).filter(|i| filter.holds_password(&format!("listed-{i}"))).count();
    assert!(rare_held <= 10, "{rare_held}");
}

#[test]
fn a_malformed_line_stops_the_build_with_its_number_and_leaves_the_output_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("breached.filter");
    std::fs::write(&path, b"the previous filter").unwrap();
    let ntlm = format!("{}\n{}:3\n", sha1_hex("a"), "8846F7EAEE8FB117AD06BDD830B7586C");
    let error = build(Cursor::new(ntlm), &path, &BuildSettings::default(), &mut ()).unwrap_err();
    assert!(error.to_string().starts_with("line 2: ") && error.to_string().contains("NTLM"), "{error}");
    let no_count = format!("{}\n", sha1_hex("a"));
    let settings = BuildSettings { min_count: 2, ..BuildSettings::default() };
    let error = build(Cursor::new(no_count), &path, &settings, &mut ()).unwrap_err();
    assert!(error.to_string().contains("no `:COUNT`"), "{error}");
    let error = build(Cursor::new("\n\n"), &path, &BuildSettings::default(), &mut ()).unwrap_err();
    assert!(matches!(error, BuildError::Empty(1)), "{error}");
    assert_eq!(std::fs::read(&path).unwrap(), b"the previous filter");
    // Nothing is left beside it.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn a_damaged_cut_or_foreign_file_is_refused() {
    let (dir, report, _) = built(&list(20_000), &BuildSettings::default());
    let path = dir.path().join("breached.filter");
    let good = std::fs::read(&path).unwrap();
    assert_eq!(good.len() as u64, report.file_bytes);
    let check = |bytes: &[u8], expected: &str| {
        let damaged = dir.path().join("damaged.filter");
        std::fs::write(&damaged, bytes).unwrap();
        let error = BreachFilter::load(&damaged).unwrap_err().to_string();
        assert!(error.contains(expected), "{expected}: {error}");
    };
    let mut flipped = good.clone();
    flipped[good.len() / 2] ^= 0x40;
    check(&flipped, "checksum");
    check(&good[..good.len() - 100], "ends too early");
    check(b"PK\x03\x04 a zip file, not a filter", "does not start with LATCHBF1");
    let mut longer = good.clone();
    longer.push(0);
    check(&longer, "after its checksum");
}

#[test]
fn a_list_of_one_or_a_few_hashes_builds() {
    for n in [1, 2, 3, 17] {
        let (_dir, report, filter) = built(&list(n), &BuildSettings::default());
        assert_eq!(report.entries, n as u64);
        assert!((0..n).all(|i| filter.holds_password(&format!("listed-{i}"))), "{n}");
    }
}
