//! Fuzz target: The ZIP walker (nested ZIPs, GBK names, bombs, damaged directories): the
//! bytes walked as a unit's ZIP and as an evidence ZIP, every member read back.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    evcheck::fuzz_api::default_panic_hook();
    let _ = evcheck::fuzz_api::walk_zip(data);
});
