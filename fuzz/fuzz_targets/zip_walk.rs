//! Fuzz target: The ZIP walker (nested ZIPs, GBK names, bombs, damaged directories): the
//! bytes walked as a unit's ZIP and as an evidence ZIP, every member read back.
#![no_main]

use libfuzzer_sys::fuzz_target;

// libFuzzer's Rust glue installs a panic hook that aborts on every panic, caught or
// not. The crate contains some panics on purpose (`catch_unwind` around a picture
// decoder known to panic on some input); those are not findings, so the default hook
// is put back. A panic that reaches this target still aborts the run: libfuzzer-sys
// checks for it after each input.
fn default_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| drop(std::panic::take_hook()));
}

fuzz_target!(|data: &[u8]| {
    default_panic_hook();
    let _ = evcheck::fuzz_api::walk_zip(data);
});
