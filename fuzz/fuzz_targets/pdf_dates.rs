//! Fuzz target: The PDF date reader (page text, fonts, Form XObjects, info dictionary, XMP).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    evcheck::fuzz_api::default_panic_hook();
    let _ = evcheck::fuzz_api::pdf_dates(data);
});
