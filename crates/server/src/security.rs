//! Security headers on every response, and a Content-Security-Policy the app works under.

use crate::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use sha2::{Digest, Sha256};

/// A strict policy: only our own scripts (plus the hashes of the inline loader scripts
/// Trunk writes into the apps' pages), wasm compilation, our own API, no framing.
pub fn content_security_policy(pages: &[&str]) -> String {
    let hashes: String = pages
        .iter()
        .flat_map(|page| inline_scripts(page))
        .map(|s| {
            let digest = Sha256::digest(s.as_bytes());
            format!(
                " 'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        })
        .collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; \
         style-src-attr 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; \
         worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; \
         frame-ancestors 'none'"
    )
}

/// The bodies of `<script>` elements without a `src`.
fn inline_scripts(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        rest = &rest[start..];
        let Some(tag_end) = rest.find('>') else { break };
        let tag = &rest[..tag_end];
        let body_start = tag_end + 1;
        let Some(close) = rest[body_start..].find("</script>") else {
            break;
        };
        let body = &rest[body_start..body_start + close];
        if !tag.contains(" src=") && !body.trim().is_empty() {
            out.push(body);
        }
        rest = &rest[body_start + close..];
    }
    out
}

pub async fn headers(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&state.csp) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // Trunk names built files by content hash, so they never change: cache them for good.
    if !path.starts_with("/api/") && !h.contains_key(header::CACHE_CONTROL) {
        let hashed = path.rsplit('/').next().is_some_and(|f| {
            f.rsplit_once('.').is_some_and(|(stem, _)| {
                stem.rsplit_once('-')
                    .is_some_and(|(_, hash)| hash.len() >= 16)
            })
        });
        let value = if hashed {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_loader_scripts_are_hashed_and_external_ones_are_not() {
        let html = r#"<head><script type="module">import init from '/a.js';init();</script>
            <script src="/x.js"></script></head>"#;
        assert_eq!(
            inline_scripts(html),
            vec!["import init from '/a.js';init();"]
        );
        let csp = content_security_policy(&[html]);
        assert!(csp.contains("'sha256-"), "{csp}");
        assert_eq!(csp.matches("'sha256-").count(), 1);
        let staff = r#"<script type="module">import init from '/staff/b.js';init();</script>"#;
        let both = content_security_policy(&[html, staff]);
        assert_eq!(both.matches("'sha256-").count(), 2, "{both}");
    }
}
