//! The server's allocator is mimalloc (`main.rs`): glibc's malloc and free are a large share
//! of a cached request's instructions, mimalloc's a fraction of that. Left to its defaults it
//! keeps what is freed for a while and commits its arenas whole, which makes an idle server's
//! resident memory about twice glibc's. These two options give memory back as soon as it is
//! free: resident memory is then glibc's, and the hot path, which frees no whole pages, keeps
//! its speed. The figures are in docs/performance.md.

use libmimalloc_sys::mi_collect;

/// mimalloc reads its options once, when the process loads (a constructor of priority 101),
/// before `main` and before any option set from Rust could matter. So they are set where it
/// reads them, in the environment, by a constructor that runs just before its own (the
/// lower number runs first). An operator's own `MIMALLOC_*` settings win. The section is
/// ELF's: elsewhere (macOS' Mach-O, Windows' PE) there is no such ordering to rely on, so
/// mimalloc keeps its defaults there, and resident memory is higher, not wrong.
#[cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd"))]
#[used]
#[link_section = ".init_array.00100"]
static SET_OPTIONS_BEFORE_MIMALLOC_LOADS: extern "C" fn() = set_options;

#[cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd"))]
extern "C" fn set_options() {
    for (name, value) in [("MIMALLOC_ARENA_EAGER_COMMIT", "0"), ("MIMALLOC_PURGE_DELAY", "0")] {
        if std::env::var_os(name).is_none() {
            // SAFETY: no other thread exists yet; nothing reads the environment concurrently.
            unsafe { std::env::set_var(name, value) };
        }
    }
}

/// Start-up (migrations, the route list, the first pages) frees memory that an idle server
/// would otherwise keep resident until its next burst of work: give it back now.
pub fn release_what_start_up_freed() {
    // SAFETY: a forced collection of freed memory; nothing is still using it.
    unsafe { mi_collect(true) }
}
