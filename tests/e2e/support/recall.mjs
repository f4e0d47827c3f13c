// Recalls through the real API, as the demo's regulator declares them, and what a
// recalled pack's record checks must (not) say on every surface.
import assert from 'node:assert/strict';

/** The demo's farm lot TR261116 of 성산양어장: an ancestor of both retail packs. */
export const FARM_LOT = '(01)08801234000208(10)TR261116';

/** Declares a recall of `lot` (any code form) as the demo regulator; answers its body. */
export async function declareRecall(base, { lot = FARM_LOT, reason = 'Vibrio found in a sample' } = {}) {
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'regulator', password: 'demo-regulator-2026' }),
  });
  assert.equal(login.status, 200, await login.clone().text());
  const { token } = await login.json();
  const recall = await fetch(`${base}/api/recalls`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ lot, reason }),
  });
  assert.equal(recall.status, 201, await recall.clone().text());
  return recall.json();
}

/** What the record checks say instead of a verdict under a recall, per language. */
export const RECALL_SENTENCE = {
  en: 'This lot is recalled: records that pass their checks do not make it safe to eat — follow the recall notice above.',
  ko: '회수 중인 로트이므로, 기록이 점검을 통과했더라도 먹어도 안전하다는 뜻은 아니니 위의 회수 안내를 따르세요.',
  zh: '该批次正在召回：记录通过核查并不代表可以安全食用，请按上方的召回通知处理。',
};

/** The passed verdict the checks gave before, in each language. */
export const PASSED_VERDICT = /checks? passed|모두 통과|均通过/;

/** The app's green (--ok) and the card's greens, as computed colours. */
const GREENS = ['rgb(20, 108, 46)', 'rgb(20, 83, 45)', 'rgb(232, 246, 236)', 'rgb(159, 211, 174)', 'rgb(230, 244, 234)'];

/**
 * Visible text of `section`, and every visible element in it painted in green (text,
 * background, border, or an SVG fill: a tick's circle), as `tag.class colour`.
 */
export function visibleGreens(section) {
  return section.evaluate((root, greens) => {
    const out = [];
    for (const el of [root, ...root.querySelectorAll('*')]) {
      if (el.getClientRects().length === 0) continue;
      const s = getComputedStyle(el);
      if (s.visibility === 'hidden') continue;
      for (const prop of ['color', 'backgroundColor', 'borderTopColor', 'fill']) {
        if (prop === 'color' && !el.textContent.trim()) continue;
        if (prop === 'borderTopColor' && parseFloat(s.borderTopWidth) === 0) continue;
        if (prop === 'fill' && !(el instanceof SVGElement)) continue;
        if (greens.includes(s[prop])) out.push(`${el.tagName.toLowerCase()}.${el.getAttribute('class')} ${prop} ${s[prop]}`);
      }
    }
    return out;
  }, GREENS);
}
