//! Fuzz target: Format sniffing (`identify`) of any bytes, with a name taken from the first
//! line when it is short (WPS names choose between two answers).
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
    let (name, body) = match data.iter().position(|&b| b == b'\n') {
        Some(i) if i < 64 => (
            String::from_utf8_lossy(&data[..i]).into_owned(),
            &data[i + 1..],
        ),
        _ => (String::from("文件.bin"), data),
    };
    let _ = evcheck::fuzz_api::identify(body, &name);
});
