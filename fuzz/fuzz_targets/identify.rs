//! Fuzz target: Format sniffing (`identify`) of any bytes, with a name taken from the first
//! line when it is short (WPS names choose between two answers).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    evcheck::fuzz_api::default_panic_hook();
    let (name, body) = match data.iter().position(|&b| b == b'\n') {
        Some(i) if i < 64 => (
            String::from_utf8_lossy(&data[..i]).into_owned(),
            &data[i + 1..],
        ),
        _ => (String::from("文件.bin"), data),
    };
    let _ = evcheck::fuzz_api::identify(body, &name);
});
