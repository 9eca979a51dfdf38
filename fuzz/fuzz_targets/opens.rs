//! Fuzz target: opening a file as a viewer would (PDF structure, Office and OFD
//! packages, compound files, pictures), which runs on every evidence file.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    evcheck::fuzz_api::default_panic_hook();
    let _ = evcheck::fuzz_api::open_file(data);
});
