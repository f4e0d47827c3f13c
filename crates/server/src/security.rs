//! Security headers on every response, and a Content-Security-Policy the app works under.
//! Nothing may frame our pages except the trace card under `/embed/`, which the origins
//! of the embed allow-list (any origin when it is empty) may frame.

use crate::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::IntoResponse;
use axum::response::Response;
use base64::Engine;
use sha2::{Digest, Sha256};

/// A strict policy: only our own scripts and styles (plus the hashes of the inline
/// loader scripts Trunk writes into the apps' pages, and of the stylesheet inlined into
/// the shopper's page so the first paint waits for no second request), wasm
/// compilation, our own API, no framing.
pub fn content_security_policy(pages: &[&str]) -> String {
    let hashes = |element: &str| -> String {
        pages
            .iter()
            .flat_map(|page| inline_bodies(page, element))
            .map(|s| {
                let digest = Sha256::digest(s.as_bytes());
                format!(
                    " 'sha256-{}'",
                    base64::engine::general_purpose::STANDARD.encode(digest)
                )
            })
            .collect()
    };
    let (scripts, styles) = (hashes("script"), hashes("style"));
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{scripts}; style-src 'self'{styles}; \
         style-src-attr 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; \
         worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; \
         frame-ancestors 'none'"
    )
}

/// The bodies of `<script>` (or `<style>`) elements without a `src`.
fn inline_bodies<'a>(html: &'a str, element: &str) -> Vec<&'a str> {
    let (open, end) = (format!("<{element}"), format!("</{element}>"));
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(&open) {
        rest = &rest[start..];
        let Some(tag_end) = rest.find('>') else { break };
        let tag = &rest[..tag_end];
        let body_start = tag_end + 1;
        let Some(close) = rest[body_start..].find(&end) else {
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

/// The policy of the trace card: our own script and style only, nothing else loaded,
/// framed only by the allow-listed origins.
pub fn embed_content_security_policy(origins: &[String]) -> String {
    let ancestors = if origins.is_empty() {
        "*".to_string()
    } else {
        origins.join(" ")
    };
    format!(
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
         base-uri 'none'; form-action 'none'; frame-ancestors {ancestors}"
    )
}

/// Reads one origin of the embed allow-list, as CSP `frame-ancestors` takes it: `http`
/// or `https`, a host (a leading `*.` for every subdomain), an optional port, nothing
/// after (a trailing `/` is dropped). Lower-cased.
pub fn embed_origin(text: &str) -> Result<String, String> {
    let bad = |why: &str| {
        Err(format!(
            "embed origin {text:?}: {why} (write it like https://brand.example or http://127.0.0.1:8081)"
        ))
    };
    let origin = text.trim().trim_end_matches('/').to_ascii_lowercase();
    let Some((scheme, rest)) = origin.split_once("://") else {
        return bad("it has no scheme");
    };
    if scheme != "http" && scheme != "https" {
        return bad("the scheme must be http or https");
    }
    let (host, port) = match rest.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (rest, None),
    };
    if let Some(p) = port {
        if p.is_empty() || p.len() > 5 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return bad("the port must be a number");
        }
    }
    let name = host.strip_prefix("*.").unwrap_or(host);
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    if name.is_empty() || name.len() > 253 || !name.split('.').all(label_ok) {
        return bad("it must be an origin: scheme, host and port only, no path");
    }
    Ok(origin)
}

/// The largest body a path accepts: EPCIS documents on capture, small JSON elsewhere.
pub fn body_limit(path: &str) -> u64 {
    if path == "/epcis/capture" {
        crate::CAPTURE_BODY_LIMIT as u64
    } else {
        crate::SMALL_BODY_LIMIT as u64
    }
}

/// A declared `Content-Length` above the path's limit is refused before anything else
/// (authentication included) and before a byte of the body is read.
pub async fn declared_length(request: Request, next: Next) -> Response {
    let limit = body_limit(request.uri().path());
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit) {
        let mut response = crate::ApiError::new(
            axum::http::StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            format!("the body is larger than this endpoint accepts ({limit} bytes)"),
        )
        .into_response();
        // The unread body is not drained: the connection closes after this answer.
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
        return response;
    }
    next.run(request).await
}

pub async fn headers(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    let embed = path.starts_with("/embed/");
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    if state.hsts {
        // Only for deployments served over TLS (a proxy in front): browsers then never
        // try plain HTTP for this host again.
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    let csp = if embed {
        embed_content_security_policy(&state.embed_origins)
    } else {
        state.csp.to_string()
    };
    if let Ok(v) = HeaderValue::from_str(&csp) {
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
    // X-Frame-Options has no allow-list: the card relies on frame-ancestors alone.
    if !embed {
        h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
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
            inline_bodies(html, "script"),
            vec!["import init from '/a.js';init();"]
        );
        let csp = content_security_policy(&[html]);
        assert!(csp.contains("'sha256-"), "{csp}");
        assert_eq!(csp.matches("'sha256-").count(), 1);
        let staff = r#"<script type="module">import init from '/staff/b.js';init();</script>"#;
        let both = content_security_policy(&[html, staff]);
        assert_eq!(both.matches("'sha256-").count(), 2, "{both}");
    }

    #[test]
    fn an_inlined_stylesheet_is_allowed_by_its_hash_in_style_src_only() {
        let html = "<head><style>body{color:#123}</style><script>a()</script></head>";
        let csp = content_security_policy(&[html]);
        let directive = |name: &str| {
            csp.split(';')
                .map(str::trim)
                .find(|d| d.starts_with(&format!("{name} ")))
                .unwrap_or_default()
                .to_string()
        };
        let style_hash = format!(
            "'sha256-{}'",
            base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"body{color:#123}"))
        );
        assert!(directive("style-src").contains(&style_hash), "{csp}");
        assert!(!directive("script-src").contains(&style_hash), "{csp}");
        assert_eq!(
            directive("script-src").matches("'sha256-").count(),
            1,
            "{csp}"
        );
    }

    #[test]
    fn embed_origins_are_checked() {
        assert_eq!(
            embed_origin(" HTTPS://Brand.Example/ ").as_deref(),
            Ok("https://brand.example")
        );
        assert!(embed_origin("http://127.0.0.1:8081").is_ok());
        assert!(embed_origin("https://*.brand.example").is_ok());
        for bad in [
            "brand.example",
            "ftp://brand.example",
            "https://brand.example/page",
            "https://brand.example:port",
            "https://",
            "https://bad host",
            "https://a;b",
            "*",
            "https://x.example 'unsafe-inline'",
        ] {
            assert!(embed_origin(bad).is_err(), "{bad}");
        }
        assert!(embed_content_security_policy(&[]).ends_with("frame-ancestors *"));
        assert!(embed_content_security_policy(&[
            "https://a.example".into(),
            "https://b.example".into()
        ])
        .ends_with("frame-ancestors https://a.example https://b.example"));
    }
}
