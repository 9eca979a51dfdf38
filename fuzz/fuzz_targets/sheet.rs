//! Fuzz target: The spreadsheet reader (XLSX, XLS, ET through calamine): dates in cells.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    evcheck::fuzz_api::default_panic_hook();
    let _ = evcheck::fuzz_api::sheet_dates(data);
});
