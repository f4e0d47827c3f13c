//! Lottrace web app: a Leptos single-page app, client-side rendered.

mod api;
mod app;
mod components;
mod i18n;
mod routes;
mod scan;
mod staff_api;
mod store;

fn main() {
    console_error_panic_hook::set_once();
    // index.html paints a static shell before the WASM arrives; the app replaces it.
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
    leptos::mount::mount_to_body(app::App);
}
