//! Fuzz target: The PDF seal reader (signature fields, stamp annotations, red drawings,
//! embedded pictures).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    evcheck::fuzz_api::default_panic_hook();
    let _ = evcheck::fuzz_api::pdf_seal(data);
});
