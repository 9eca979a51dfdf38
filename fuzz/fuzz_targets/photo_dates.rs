//! Fuzz target: EXIF and XMP capture dates of JPEG, PNG, TIFF, HEIC and WebP photos.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    evcheck::fuzz_api::default_panic_hook();
    let _ = evcheck::fuzz_api::photo_dates(data);
});
