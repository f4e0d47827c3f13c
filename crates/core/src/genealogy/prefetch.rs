//! A cache prefetch hint for the forward trace, which is bound by memory latency.

/// Asks the processor to start loading the cache line at `p` (a hint: never faults, no
/// effect on results). Tracing is bound by memory latency, not by computation.
#[inline(always)]
pub(super) fn prefetch(p: *const u8) {
    // SAFETY: SSE is part of the x86_64 baseline, and a prefetch never dereferences
    // its address (any address is allowed, it cannot fault).
    #[cfg(target_arch = "x86_64")]
    unsafe {
        core::arch::x86_64::_mm_prefetch::<{ core::arch::x86_64::_MM_HINT_T0 }>(p as *const i8)
    };
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}
