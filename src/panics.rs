//! Panics contained while a file is read: their text, and a panic hook that keeps
//! quiet about them (they become findings) while reporting any other panic as usual.
//!
//! A ground-floor module: the readers (`seal`, `isolate`) and the fact extractor all
//! use it, and it uses nothing of the crate.

/// The text of a panic payload.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "reader crashed".into())
}

thread_local! {
    static IN_FILE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Installs a panic hook that keeps quiet about panics contained while a file is read
/// (they become findings) and reports any other panic as usual.
pub fn install_panic_hook() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !IN_FILE.with(|f| f.get()) {
            default(info);
        }
    }));
}

/// Runs `f` marked as reading a file (see [`install_panic_hook`]).
pub(crate) fn in_file<T>(f: impl FnOnce() -> T) -> T {
    let was = IN_FILE.with(|c| c.replace(true));
    let r = f();
    IN_FILE.with(|c| c.set(was));
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payload_text_of_str_string_and_other() {
        let s: Box<dyn std::any::Any + Send> = Box::new("boom");
        assert_eq!(panic_message(s.as_ref()), "boom");
        let s: Box<dyn std::any::Any + Send> = Box::new(String::from("bang"));
        assert_eq!(panic_message(s.as_ref()), "bang");
        let s: Box<dyn std::any::Any + Send> = Box::new(7u8);
        assert_eq!(panic_message(s.as_ref()), "reader crashed");
    }

    #[test]
    fn in_file_restores_the_flag() {
        assert!(!IN_FILE.with(|c| c.get()));
        let inside = in_file(|| IN_FILE.with(|c| c.get()));
        assert!(inside);
        assert!(!IN_FILE.with(|c| c.get()));
    }
}
