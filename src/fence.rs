//! A fence around work on one document: a panic inside is caught and becomes an error that
//! says what failed and where, so that one bad input never ends a run over thousands.
//!
//! Panics are bugs, and the fence does not hide them: the message and the source location
//! travel in the error, which the command line prints with the file (and record) it came from.

use std::cell::RefCell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// Depth of fences open on this thread, and the last panic caught inside one.
    static FENCED: RefCell<(usize, Option<String>)> = const { RefCell::new((0, None)) };
}

static HOOK: Once = Once::new();

/// Installs, once per process, a panic hook that keeps quiet inside a fence (the fence reports)
/// and behaves as before outside one.
fn install_hook() {
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let inside = FENCED.with(|f| f.borrow().0 > 0);
            if !inside {
                previous(info);
                return;
            }
            let message = info
                .payload()
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| info.payload().downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            let location = info
                .location()
                .map(|l| format!(" at {}:{}", l.file(), l.line()))
                .unwrap_or_default();
            FENCED.with(|f| f.borrow_mut().1 = Some(format!("{message}{location}")));
        }));
    });
}

/// Runs `work`; a panic inside becomes `Err` with its message and location.
pub fn catch<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    install_hook();
    FENCED.with(|f| f.borrow_mut().0 += 1);
    let result = panic::catch_unwind(AssertUnwindSafe(work));
    FENCED.with(|f| f.borrow_mut().0 -= 1);
    result.map_err(|_| {
        FENCED
            .with(|f| f.borrow_mut().1.take())
            .unwrap_or_else(|| "unknown panic".into())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fence_turns_a_panic_into_an_error_with_its_location() {
        let caught = catch(|| -> u32 { panic!("slice out of range") });
        let message = caught.unwrap_err();
        assert!(message.starts_with("slice out of range at "), "{message}");
        assert!(message.contains("fence.rs"), "{message}");
        assert_eq!(catch(|| 7), Ok(7));
    }
}
