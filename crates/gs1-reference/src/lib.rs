//! Test only: GS1's own Barcode Syntax Engine as the reference implementation of the GS1
//! syntax rules, for the differential test of `lottrace_core::codes`
//! (`tests/differential.rs`). The engine is compiled by `build.rs` from the shared
//! fixtures; without them [`Engine::new`] returns `None` and the tests skip.

/// How the input is given to the engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Parenthesised AI data: `(01)…(10)…`.
    Bracketed,
    /// Scanner output with a symbology identifier: `]C1…`, GS for FNC1.
    ScanData,
    /// An element string (`^` for FNC1) or a GS1 Digital Link URI.
    DataStr,
}

/// The engine's reading: the AI/value pairs in order, or its error message.
pub type Reading = Result<Vec<(String, String)>, String>;

#[cfg(gs1_engine)]
mod ffi {
    use std::os::raw::{c_char, c_int, c_void};
    extern "C" {
        pub fn ref_init(dictionary: *const c_char, msg: *mut c_char, msglen: usize) -> *mut c_void;
        pub fn ref_free(ctx: *mut c_void);
        pub fn ref_parse(
            ctx: *mut c_void,
            mode: c_int,
            input: *const c_char,
            out: *mut c_char,
            outlen: usize,
        ) -> c_int;
    }
}

/// One engine instance, loaded with a given GS1 Barcode Syntax Dictionary file.
pub struct Engine {
    #[cfg(gs1_engine)]
    ctx: *mut std::os::raw::c_void,
}

impl Engine {
    /// `None` when the engine was not built (no shared fixtures), `Some(Err)` when it
    /// cannot load `dictionary`.
    pub fn new(dictionary: &std::path::Path) -> Option<Result<Engine, String>> {
        #[cfg(gs1_engine)]
        {
            let path = std::ffi::CString::new(dictionary.to_string_lossy().as_bytes()).ok()?;
            let mut msg = vec![0u8; 512];
            // SAFETY: the path is NUL-terminated; msg is a writable buffer of its length.
            let ctx = unsafe { ffi::ref_init(path.as_ptr(), msg.as_mut_ptr().cast(), msg.len()) };
            if ctx.is_null() {
                let end = msg.iter().position(|&b| b == 0).unwrap_or(msg.len());
                return Some(Err(String::from_utf8_lossy(&msg[..end]).into_owned()));
            }
            Some(Ok(Engine { ctx }))
        }
        #[cfg(not(gs1_engine))]
        {
            let _ = dictionary;
            None
        }
    }

    /// The engine's reading of `input` given as `form`.
    pub fn read(&mut self, form: Form, input: &str) -> Reading {
        #[cfg(gs1_engine)]
        {
            let Ok(c) = std::ffi::CString::new(input) else {
                return Err("input holds a NUL".into());
            };
            let mode = match form {
                Form::Bracketed => 0,
                Form::ScanData => 1,
                Form::DataStr => 2,
            };
            let mut out = vec![0u8; 16 * 1024];
            // SAFETY: ctx is a live engine; input is NUL-terminated; out is writable.
            let ok = unsafe {
                ffi::ref_parse(
                    self.ctx,
                    mode,
                    c.as_ptr(),
                    out.as_mut_ptr().cast(),
                    out.len(),
                )
            };
            let end = out.iter().position(|&b| b == 0).unwrap_or(out.len());
            let text = String::from_utf8_lossy(&out[..end]).into_owned();
            if ok == 0 {
                return Err(text);
            }
            Ok(text
                .lines()
                .filter_map(|l| {
                    let (ai, v) = l.strip_prefix('(')?.split_once(") ")?;
                    Some((ai.to_string(), v.to_string()))
                })
                .collect())
        }
        #[cfg(not(gs1_engine))]
        {
            let _ = (form, input);
            Err("engine not built".into())
        }
    }
}

#[cfg(gs1_engine)]
impl Drop for Engine {
    fn drop(&mut self) {
        // SAFETY: ctx came from ref_init and is freed once.
        unsafe { ffi::ref_free(self.ctx) }
    }
}
