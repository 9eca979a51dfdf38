//! Fuzz target: The file-name parser (单位-题目序号-佐证关键点) and the naming check, on any
//! UTF-8 text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    evcheck::fuzz_api::default_panic_hook();
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = evcheck::fuzz_api::file_name(text);
    }
});
