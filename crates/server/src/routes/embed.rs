//! The trace widget for brands' pages: `/embed.js` (the script tag they paste), and the
//! card it frames, `/embed/{code}`, rendered here as a small self-contained HTML page from
//! the same public trace view `/api/trace/{code}` returns (no app, no WASM), with its
//! script and style at `/embed/card.js` and `/embed/card.css`.
//!
//! Framing rules (which origins may show the card) are set in `security::headers`.

use super::trace::rendered_trace;
use crate::extract::{Params, PathText};
use crate::service::lot_candidates;
use crate::{ApiError, AppState};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use lottrace_core::audit::Outcome;
use lottrace_core::lang::Lang;
use lottrace_core::trace::{CardWord, ChecksVerdict, TraceCard};
use maud::{html, Markup, DOCTYPE};
use std::sync::LazyLock;

const CARD_JS: &str = include_str!("../../assets/card.js");
const CARD_CSS: &str = include_str!("../../assets/card.css");

/// embed.js with the iframe's accessible title in the three languages filled in.
static EMBED_JS: LazyLock<String> = LazyLock::new(|| {
    let titles = serde_json::json!({
        "ko": CardWord::FrameTitle.text(Lang::Ko),
        "en": CardWord::FrameTitle.text(Lang::En),
        "zh": CardWord::FrameTitle.text(Lang::Zh),
    });
    include_str!("../../assets/embed.js").replace("__FRAME_TITLES__", &titles.to_string())
});

/// The widget's script and the card's assets are not content-hashed: a short cache lets
/// a deployment's fix reach brand pages within minutes.
const ASSET_CACHE: &str = "public, max-age=300";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/embed.js", get(embed_js))
        .route("/embed/card.js", get(card_js))
        .route("/embed/card.css", get(card_css))
        .route("/embed", get(no_code))
        .route("/embed/", get(no_code))
        .route("/embed/{*code}", get(card))
}

async fn embed_js() -> Response {
    script(EMBED_JS.as_str())
}

async fn card_js() -> Response {
    script(CARD_JS)
}

fn script(body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, ASSET_CACHE),
        ],
        body,
    )
        .into_response()
}

async fn card_css() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, ASSET_CACHE),
        ],
        CARD_CSS,
    )
        .into_response()
}

/// The card's language: `?lang=ko|en|zh`, Korean otherwise. The brand page chooses it
/// (`data-lang`), so the visitor's Accept-Language is not consulted.
fn card_lang(query: &Result<Params, ApiError>) -> Lang {
    query
        .as_ref()
        .ok()
        .and_then(|q| q.get("lang"))
        .and_then(Lang::parse)
        .unwrap_or_default()
}

async fn no_code(query: Result<Params, ApiError>) -> Response {
    let lang = card_lang(&query);
    notice(
        StatusCode::BAD_REQUEST,
        lang,
        CardWord::UnreadableTitle,
        "no code: put the Digital Link or lot code in data-code".to_string(),
    )
}

async fn card(
    State(state): State<AppState>,
    code: Result<PathText, ApiError>,
    query: Result<Params, ApiError>,
    headers: HeaderMap,
) -> Response {
    let lang = card_lang(&query);
    let code = match code {
        Ok(PathText(code)) => code,
        Err(e) => return notice(e.status, lang, CardWord::UnreadableTitle, e.message),
    };
    let candidates = match lot_candidates(&code, &state) {
        Ok(c) if c.is_empty() => {
            let hint = CardWord::NotALotHint.text(lang);
            return notice(StatusCode::BAD_REQUEST, lang, CardWord::NotALotTitle, hint);
        }
        Ok(c) => c,
        Err(e) => return notice(e.status, lang, CardWord::UnreadableTitle, e.message),
    };
    let card = |view: &_, lang| {
        Ok(page(lang, &card_markup(&TraceCard::of(view)))
            .into_string()
            .into_bytes())
    };
    match rendered_trace(state, candidates, lang, "embed", card).await {
        Ok(Some((body, etag))) => {
            let cache = [
                (header::ETAG, etag.clone()),
                (header::CACHE_CONTROL, "public, no-cache".to_string()),
            ];
            if headers
                .get(header::IF_NONE_MATCH)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.split(',').any(|t| t.trim() == etag))
            {
                return (StatusCode::NOT_MODIFIED, cache).into_response();
            }
            (cache, html_type(), body.as_ref().clone()).into_response()
        }
        Ok(None) => notice(
            StatusCode::NOT_FOUND,
            lang,
            CardWord::NotFoundTitle,
            CardWord::NotFoundHint.text(lang),
        ),
        Err(e) => notice(e.status, lang, CardWord::UnreadableTitle, e.message),
    }
}

fn html_type() -> [(header::HeaderName, &'static str); 1] {
    [(header::CONTENT_TYPE, "text/html; charset=utf-8")]
}

/// A card that says why there is no trace to show, with the status that says it too.
/// Still a card (not JSON): it is what the brand's visitors see in the frame.
fn notice(status: StatusCode, lang: Lang, title: CardWord, detail: String) -> Response {
    let body = page(
        lang,
        &html! {
            article.card.notice-card {
                p.kicker { (CardWord::Heading.text(lang)) }
                h1 { (title.text(lang)) }
                p.notice { (detail) }
            }
        },
    );
    (
        status,
        [(header::CACHE_CONTROL, "no-cache")],
        html_type(),
        body.into_string(),
    )
        .into_response()
}

fn page(lang: Lang, card: &Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="robots" content="noindex";
                title { (CardWord::FrameTitle.text(lang)) }
                link rel="stylesheet" href="/embed/card.css";
                script src="/embed/card.js" defer {}
            }
            body { (card) }
        }
    }
}

fn card_markup(card: &TraceCard) -> Markup {
    let lang = card.lang;
    let word = |w: CardWord| w.text(lang);
    html! {
        article.card.recalled[card.recall.is_some()] {
            p.kicker { (word(CardWord::Heading)) }
            h1 { (card.product.as_deref().unwrap_or(&card.lot_number)) }
            p.lot { (word(CardWord::LotNumber)) " " span { (card.lot_number) } }
            @if let Some(recall) = &card.recall {
                div.recall role="alert" {
                    strong { (word(CardWord::Recalled)) }
                    p { (word(CardWord::RecallReason)) ": " (recall.reason) }
                    p {
                        (word(CardWord::RecallDeclared)) ": "
                        time datetime=(recall.declared_at) { (date_of(&recall.declared_at)) }
                    }
                }
            }
            @if !card.facts.is_empty() {
                dl.facts {
                    @for fact in &card.facts {
                        dt { (fact.label) }
                        dd { (fact.value) }
                    }
                }
            }
            @if !card.stages.is_empty() {
                h2 { (word(CardWord::KeyStages)) }
                ol.stages {
                    @for stage in &card.stages {
                        li {
                            span.stage { (stage.label) }
                            span.who { (stage.businesses.join(", ")) }
                            @if stage.first_date == stage.last_date {
                                time datetime=(stage.last_date) { (stage.last_date) }
                            } @else {
                                span {
                                    time datetime=(stage.first_date) { (stage.first_date) }
                                    " – "
                                    time datetime=(stage.last_date) { (stage.last_date) }
                                }
                            }
                        }
                    }
                }
            }
            @if !card.badges.is_empty() {
                h2 { (word(CardWord::Checks)) }
                @if let Some(verdict) = card.verdict.filter(|v| v.folds_checks()) {
                    // Under a recall: what it means for the checks, and the checks folded.
                    p.checks-recalled { (ChecksVerdict::recalled_text(lang)) }
                    details.checks-fold open[verdict.fold_open()] {
                        summary { (word(CardWord::EachCheck)) }
                        (badges(card))
                    }
                } @else {
                    (badges(card))
                }
            }
            a.full href=(card.trace_path) target="_blank" rel="noopener" {
                (word(CardWord::FullHistory))
                span.sr { " " (word(CardWord::OpensInNewTab)) }
            }
        }
    }
}

/// The checks as badges; a pass looks passed only where the verdict lets it (never under
/// a recall: there it is `badge held`, neutral).
fn badges(card: &TraceCard) -> Markup {
    let shows_passes = card.verdict.is_none_or(ChecksVerdict::shows_passes);
    html! {
        ul.badges {
            @for badge in &card.badges {
                @let look = match badge.outcome {
                    Outcome::Pass if !shows_passes => "held",
                    other => other.as_str(),
                };
                li class={ "badge " (look) } data-check=(badge.check.as_str()) title=(badge.explanation) {
                    span.outcome { (badge.outcome_label) } " " (badge.title)
                }
            }
        }
    }
}

/// The date part of an RFC 3339 time, as recorded.
fn date_of(time: &str) -> &str {
    time.get(..10).unwrap_or(time)
}
