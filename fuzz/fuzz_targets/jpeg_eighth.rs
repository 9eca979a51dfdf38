//! Fuzz target: the DC-only JPEG decoder the seal search uses for baseline photos at
//! 1/8 scale (headers, Huffman tables, restart markers, the scan, upsampling).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    evcheck::fuzz_api::default_panic_hook();
    let _ = evcheck::fuzz_api::jpeg_eighth(data);
});
