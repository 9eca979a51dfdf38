//! Fuzz target: dates in the text of DOCX, OFD, Word 97 `.doc` and WPS `.wps` documents.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    evcheck::fuzz_api::default_panic_hook();
    let _ = evcheck::fuzz_api::document_dates(data);
});
