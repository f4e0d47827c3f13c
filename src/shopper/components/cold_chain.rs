//! The cold chain: the temperature logs of transport and storage as an inline SVG chart
//! (drawn here, no chart library), the allowed limit drawn as a dashed line and every
//! excursion above it marked, with the same data as a summary and a table for people
//! who do not see the chart.

use super::{stage_label, time_view};
use crate::shared::components::unique_id;
use crate::shared::i18n::{format_celsius, format_short, format_time, msg, Key, Lang};
use chrono::DateTime;
use leptos::prelude::*;
use lottrace_core::fields::Stage;
use lottrace_core::trace::TemperatureSeries;

// The chart's own coordinates; it scales to the card's width. Narrow on purpose, so the
// labels stay legible on a 360 px phone.
const W: f64 = 360.0;
const H: f64 = 210.0;
const LEFT: f64 = 40.0;
const RIGHT: f64 = 10.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 34.0;

fn seconds(t: &str) -> Option<f64> {
    DateTime::parse_from_rfc3339(t)
        .ok()
        .map(|d| d.timestamp() as f64)
}

struct Scale {
    t0: f64,
    t1: f64,
    y0: f64,
    y1: f64,
}

impl Scale {
    fn x(&self, t: f64) -> f64 {
        LEFT + (t - self.t0) / (self.t1 - self.t0) * (W - LEFT - RIGHT)
    }
    fn y(&self, c: f64) -> f64 {
        TOP + (self.y1 - c) / (self.y1 - self.y0) * (H - TOP - BOTTOM)
    }
}

/// A tick step of 1, 2, 5 × 10ⁿ giving at most six ticks.
fn tick_step(span: f64) -> f64 {
    let mut step = 0.5;
    for _ in 0..12 {
        for m in [1.0, 2.0, 5.0] {
            let s = step * m;
            if span / s <= 6.0 {
                return s;
            }
        }
        step *= 10.0;
    }
    step
}

fn n(v: f64) -> String {
    format!("{v:.1}")
}

pub fn cold_chain_view(
    series: Vec<TemperatureSeries>,
    stage_labels: &[(Stage, String)],
    lang: Lang,
) -> Option<AnyView> {
    // Readings that can be placed: parsable time, finite temperature.
    let points: Vec<Vec<(f64, f64, String)>> = series
        .iter()
        .map(|s| {
            let mut v: Vec<(f64, f64, String)> = s
                .readings
                .iter()
                .filter(|r| r.celsius.is_finite())
                .filter_map(|r| seconds(&r.time).map(|t| (t, r.celsius, r.time.clone())))
                .collect();
            v.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal));
            v
        })
        .collect();
    let all: Vec<&(f64, f64, String)> = points.iter().flatten().collect();
    if all.is_empty() {
        return None;
    }
    let limits: Vec<f64> = series
        .iter()
        .map(|s| s.limit_c)
        .filter(|l| l.is_finite())
        .collect();
    let min_c = all.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
    let max_c = all.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    let t0 = all.iter().map(|p| p.0).fold(f64::INFINITY, f64::min);
    let mut t1 = all.iter().map(|p| p.0).fold(f64::NEG_INFINITY, f64::max);
    if t1 - t0 < 60.0 {
        t1 = t0 + 3600.0;
    }
    let lo = limits.iter().copied().fold(min_c, f64::min);
    let hi = limits.iter().copied().fold(max_c, f64::max);
    let step = tick_step((hi - lo).max(1.0) + 2.0);
    let y0 = ((lo - 0.5) / step).floor() * step;
    let y1 = ((hi + 0.5) / step).ceil() * step;
    let sc = Scale { t0, t1, y0, y1 };

    let offset = all
        .first()
        .and_then(|p| DateTime::parse_from_rfc3339(&p.2).ok())
        .map(|d| *d.offset())
        .unwrap_or_else(|| {
            chrono::FixedOffset::east_opt(0).unwrap_or(*chrono::Utc::now().fixed_offset().offset())
        });

    // Axes and grid.
    let mut y_ticks = Vec::new();
    let mut v = y0;
    while v <= y1 + step / 2.0 && y_ticks.len() < 12 {
        y_ticks.push(v);
        v += step;
    }
    let grid: Vec<AnyView> = y_ticks
        .into_iter()
        .map(|v| {
            let y = n(sc.y(v));
            view! {
                <line class="grid" x1=n(LEFT) x2=n(W - RIGHT) y1=y.clone() y2=y.clone()/>
                <text class="tick" x=n(LEFT - 5.0) y=n(sc.y(v) + 4.0) text-anchor="end">{format!("{v:.0}°")}</text>
            }
            .into_any()
        })
        .collect();
    let x_ticks = [t0, (t0 + t1) / 2.0, t1]
        .into_iter()
        .zip(["start", "middle", "end"])
        .map(|(t, anchor)| {
            // In the offset the readings were recorded in (a Jeju truck logs +09:00).
            let label = DateTime::from_timestamp(t as i64, 0)
                .map(|d| format_short(&d.with_timezone(&offset), lang))
                .unwrap_or_default();
            view! {
                <line class="axis" x1=n(sc.x(t)) x2=n(sc.x(t)) y1=n(H - BOTTOM) y2=n(H - BOTTOM + 4.0)/>
                <text class="tick" x=n(sc.x(t)) y=n(H - BOTTOM + 17.0) text-anchor=anchor>{label}</text>
            }
            .into_any()
        })
        .collect::<Vec<_>>();

    // Per series: excursion bands, limit line, the line, points above the limit.
    let drawn: Vec<AnyView> = series
        .iter()
        .zip(points.iter())
        .map(|(s, pts)| {
            let class = format!("series stage-{}", s.stage.as_str());
            let (first, last) = match (pts.first(), pts.last()) {
                (Some(f), Some(l)) => (f.0, l.0),
                _ => return view! { <g/> }.into_any(),
            };
            let bands = s
                .excursions
                .iter()
                .filter_map(|e| Some((seconds(&e.from)?, seconds(&e.to)?)))
                .map(|(a, b)| {
                    let (xa, xb) = (sc.x(a.min(b)), sc.x(a.max(b)));
                    let w = (xb - xa).max(4.0);
                    let x = if xb - xa < 4.0 { xa - 2.0 } else { xa };
                    view! {
                        <rect class="excursion" x=n(x) y=n(TOP) width=n(w) height=n(H - TOP - BOTTOM)/>
                    }
                    .into_any()
                })
                .collect::<Vec<_>>();
            let limit = s.limit_c.is_finite().then(|| {
                let y = n(sc.y(s.limit_c));
                let (xa, xb) = if last - first < 1.0 {
                    (LEFT, W - RIGHT)
                } else {
                    (sc.x(first), sc.x(last))
                };
                view! {
                    <line class="limit" x1=n(xa) x2=n(xb) y1=y.clone() y2=y/>
                }
            });
            let line: String = pts
                .iter()
                .map(|p| format!("{},{}", n(sc.x(p.0)), n(sc.y(p.1))))
                .collect::<Vec<_>>()
                .join(" ");
            let dots = pts
                .iter()
                .filter(|p| s.limit_c.is_finite() && p.1 > s.limit_c)
                .map(|p| {
                    view! { <circle class="over" cx=n(sc.x(p.0)) cy=n(sc.y(p.1)) r="4"/> }
                        .into_any()
                })
                .collect::<Vec<_>>();
            let single = (pts.len() == 1).then(|| {
                pts.first().map(|p| {
                    view! { <circle class="dot" cx=n(sc.x(p.0)) cy=n(sc.y(p.1)) r="3"/> }
                })
            });
            view! {
                <g class=class>
                    {bands}
                    {limit}
                    <polyline class="line" points=line/>
                    {single}
                    {dots}
                </g>
            }
            .into_any()
        })
        .collect();

    // The same information in words and as a table.
    let count = all.len();
    let start = all
        .iter()
        .min_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal))
        .map(|p| p.2.clone())
        .unwrap_or_default();
    let end = all
        .iter()
        .max_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal))
        .map(|p| p.2.clone())
        .unwrap_or_default();
    let limit_text = {
        let lmin = limits.iter().copied().fold(f64::INFINITY, f64::min);
        let lmax = limits.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if limits.is_empty() {
            String::from("–")
        } else if (lmax - lmin).abs() < 0.05 {
            format_celsius(lmin)
        } else {
            format!("{} – {}", format_celsius(lmin), format_celsius(lmax))
        }
    };
    let excursions: Vec<(String, String, f64)> = series
        .iter()
        .flat_map(|s| s.excursions.iter())
        .map(|e| (e.from.clone(), e.to.clone(), e.max_c))
        .collect();
    let exc_count = excursions.len();
    let summary = msg::ColdSummary {
        n: count,
        start: &format_time(&start, lang),
        end: &format_time(&end, lang),
        min: &format_celsius(min_c),
        max: &format_celsius(max_c),
        limit: &limit_text,
    }
    .text(lang);
    let verdict = if exc_count == 0 {
        view! { <p class="cold-ok">{Key::ColdNoExcursion.get(lang)}</p> }.into_any()
    } else {
        let items: Vec<AnyView> = excursions
            .into_iter()
            .map(|(from, to, max)| {
                let text = msg::ColdExcursionItem {
                    from: &format_time(&from, lang),
                    to: &format_time(&to, lang),
                    max: &format_celsius(max),
                }
                .text(lang);
                view! { <li>{text}</li> }.into_any()
            })
            .collect();
        let head = msg::ColdExcursions { n: exc_count }.text(lang);
        view! {
            <p class="cold-bad">
                <strong>{head}</strong>
            </p>
            <ul class="cold-excursions">{items}</ul>
        }
        .into_any()
    };
    let legend: Vec<AnyView> = series
        .iter()
        .filter(|s| !s.readings.is_empty())
        .map(|s| {
            let class = format!("legend-item stage-{}", s.stage.as_str());
            let who = match &s.business {
                Some(b) => format!("{} · {b}", stage_label(s.stage, stage_labels, lang)),
                None => stage_label(s.stage, stage_labels, lang),
            };
            view! {
                <li class=class>
                    <svg class="swatch" viewBox="0 0 20 8" aria-hidden="true" focusable="false">
                        <line x1="0" x2="20" y1="4" y2="4"/>
                    </svg>
                    {who}
                </li>
            }
            .into_any()
        })
        .collect();
    let above = Key::AboveLimit.get(lang);
    let rows: Vec<AnyView> = series
        .iter()
        .zip(points.iter())
        .flat_map(|(s, pts)| {
            let who = stage_label(s.stage, stage_labels, lang);
            let limit = s.limit_c;
            pts.iter().map(move |p| {
                let over = limit.is_finite() && p.1 > limit;
                view! {
                    <tr class=if over { "over" } else { "" }>
                        <td>{time_view(&p.2, lang)}</td>
                        <td class="num">{format_celsius(p.1)}</td>
                        <td>{who.clone()}</td>
                        <td>{if over { above } else { "" }}</td>
                    </tr>
                }
                .into_any()
            })
        })
        .collect();
    let summary_id = unique_id("cold-summary");
    Some(view! {
        <section class="card cold-chain" aria-labelledby="cold-h">
            <h2 id="cold-h">{Key::ColdChain.get(lang)}</h2>
            <figure class="chart">
                <svg
                    class="temp-chart"
                    viewBox=format!("0 0 {W} {H}")
                    role="img"
                    aria-labelledby=summary_id.clone()
                    focusable="false"
                >
                    {grid}
                    <line class="axis" x1=n(LEFT) x2=n(W - RIGHT) y1=n(H - BOTTOM) y2=n(H - BOTTOM)/>
                    {x_ticks}
                    {drawn}
                </svg>
                <figcaption>
                    <ul class="legend">
                        {legend}
                        <li class="legend-item limit-key">
                            <svg class="swatch" viewBox="0 0 20 8" aria-hidden="true" focusable="false">
                                <line x1="0" x2="20" y1="4" y2="4"/>
                            </svg>
                            {Key::Limit.get(lang)}
                        </li>
                        {(exc_count > 0).then(|| view! {
                            <li class="legend-item over-key">
                                <svg class="swatch" viewBox="0 0 20 8" aria-hidden="true" focusable="false">
                                    <circle cx="10" cy="4" r="3.5"/>
                                </svg>
                                {above}
                            </li>
                        })}
                    </ul>
                    <p id=summary_id>{summary}</p>
                </figcaption>
            </figure>
            {verdict}
            <details class="readings">
                <summary>{Key::ReadingsTable.get(lang)}</summary>
                <div class="table-scroll">
                    <table>
                        <caption class="visually-hidden">{Key::ColdChain.get(lang)}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{Key::Time.get(lang)}</th>
                                <th scope="col">{Key::Temperature.get(lang)}</th>
                                <th scope="col">{Key::Stage.get(lang)}</th>
                                <th scope="col">{Key::Status.get(lang)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </details>
        </section>
    }
    .into_any())
}
