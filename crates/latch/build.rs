//! `sqlx::migrate!` embeds the migration folders when the crate compiles, and cargo does not
//! know a new file there changes the crate: this tells it (sqlx's own advice).
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
