//! A barcode symbol drawn as SVG from its modules (no markup strings): one `<path>`
//! whose data is one rectangle per run of dark modules, quiet zone included.

use leptos::prelude::*;
use lottrace_core::codes::label::Symbol;

/// Path data and view box of a symbol: (d, width, height) in modules.
pub fn symbol_path(symbol: &Symbol) -> (String, u32, u32) {
    use std::fmt::Write;
    let qz = symbol.quiet_zone();
    let (rows, row_h, w, h) = if symbol.is_linear() {
        let bars = symbol.bar_height();
        (1, bars, symbol.width + 2 * qz, bars)
    } else {
        (
            symbol.height,
            1,
            symbol.width + 2 * qz,
            symbol.height + 2 * qz,
        )
    };
    let top = if symbol.is_linear() { 0 } else { qz };
    let mut d = String::new();
    for y in 0..rows {
        let mut x = 0;
        while x < symbol.width {
            if symbol.is_dark(x, y) {
                let start = x;
                while x < symbol.width && symbol.is_dark(x, y) {
                    x += 1;
                }
                let _ = write!(
                    d,
                    "M{} {}h{}v{}h-{}z",
                    start + qz,
                    y * row_h + top,
                    x - start,
                    row_h,
                    x - start
                );
            } else {
                x += 1;
            }
        }
    }
    (d, w, h)
}

/// The symbol as an image with an accessible name.
#[component]
pub fn SymbolSvg(
    symbol: Symbol,
    #[prop(into)] label: String,
    #[prop(into)] class: String,
) -> impl IntoView {
    let (d, w, h) = symbol_path(&symbol);
    view! {
        <svg
            class=class
            role="img"
            aria-label=label
            viewBox=format!("0 0 {w} {h}")
            preserveAspectRatio="xMidYMid meet"
            shape-rendering="crispEdges"
        >
            <rect width=w.to_string() height=h.to_string() fill="#fff"/>
            <path d=d fill="#000"/>
        </svg>
    }
}
