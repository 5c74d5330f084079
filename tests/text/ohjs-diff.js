// Differential test: libsla's opening-hours evaluation against opening_hours.js
// (the reference implementation of the OpenStreetMap syntax), on random texts
// from the part of the syntax where both define the same meaning (no PH, no
// spans past midnight). Skips (exit 77) when the npm package is not installed;
// point SLA_OHJS_DIR at a directory whose node_modules holds it.
// Usage: node ohjs-diff.js <hours-dump executable>
'use strict';
process.env.TZ = 'UTC'; // day boundaries of opening_hours.js are local time
const { execFileSync } = require('child_process');

let OH;
try {
  const dirs = [process.env.SLA_OHJS_DIR, process.cwd()].filter(Boolean);
  OH = require(require.resolve('opening_hours', { paths: dirs.concat(module.paths) }));
} catch (e) {
  console.log('opening_hours.js is not installed; skipping');
  process.exit(77);
}

const dump = process.argv[2];
const FIRST = Date.UTC(2024, 11, 1);
const NDAYS = 456; // 2024-12-01 .. 2026-02-28
const DAY = 86400000;

let seed = 12345;
function rnd(n) { // mulberry32
  seed = (seed + 0x6D2B79F5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) % n;
}
function pick(a) { return a[rnd(a.length)]; }
const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
// Feb stops at 27: opening_hours.js never matches ranges that end on Feb 28/29
// (e.g. 'Feb 26-28'); libsla's leap-day handling is covered by the unit tests.
const MDAYS = [31, 27, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const WD = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'];
const p2 = (x) => String(x).padStart(2, '0');
const hm = (m) => p2(Math.floor(m / 60)) + ':' + p2(m % 60);

// Texts where both implementations define the same meaning. Left out on
// purpose: a normal rule with times only after other rules (libsla: replaces
// every day, as SEMANTICS 2.1 says; opening_hours.js: adds), a bare month
// directly followed by a time ('Mar 06:00-...', which opening_hours.js reads
// as a month day), and years inside month lists or year-less ends of dated
// ranges (which opening_hours.js refuses), ranges ending on Feb 28/29 (see
// MDAYS), year selectors (opening_hours.js
// carries a year's hours into Jan 1 of the next year); the unit tests cover them.
function genRule(mustSelect) {
  const parts = [];
  let sel = false, bareMonthLast = false;
  const hasTime = rnd(5) !== 0;
  if (rnd(2)) {
    const items = [];
    for (let i = 0, n = 1 + rnd(2); i < n; i++) {
      const m0 = rnd(12), m1 = rnd(12);
      bareMonthLast = false;
      switch (i === 0 ? rnd(3) : rnd(2)) {
        case 0: items.push(rnd(2) ? MON[m0] : MON[m0] + '-' + MON[m1]); bareMonthLast = true; break;
        case 1: {
          const d0 = 1 + rnd(MDAYS[m0] - 1);
          if (rnd(2)) items.push(MON[m0] + ' ' + p2(d0));
          else if (rnd(2)) items.push(MON[m0] + ' ' + p2(d0) + '-' + p2(d0 + 1 + rnd(MDAYS[m0] - d0 - 1 || 1)));
          else if (m1 !== m0) items.push(MON[m0] + ' ' + p2(d0) + '-' + MON[m1] + ' ' + p2(1 + rnd(MDAYS[m1] - 1)));
          else items.push(MON[m0] + ' ' + p2(d0) + '-' + MON[m0] + ' ' + p2(d0 + rnd(MDAYS[m0] - d0)));
          break;
        }
        default: {
          const m = rnd(12), d = 1 + rnd(26);
          items.push('2025 ' + MON[m] + ' ' + p2(d) + (rnd(2) ? '-' + p2(d + 1 + rnd(27 - d)) : ''));
        }
      }
    }
    parts.push(items.join(','));
    sel = true;
  }
  if (rnd(3) || (mustSelect && !sel) || bareMonthLast) {
    const items = [];
    for (let i = 0, n = 1 + rnd(2); i < n; i++)
      items.push(rnd(2) ? WD[rnd(7)] : WD[rnd(7)] + '-' + WD[rnd(7)]);
    parts.push(items.join(','));
    sel = true;
  }
  if (hasTime) {
    const spans = [];
    let t = rnd(600);
    for (let i = 0, n = 1 + rnd(2); i < n && t < 1400; i++) {
      const e = Math.min(1440, t + 15 + rnd(600));
      spans.push(hm(t) + '-' + hm(e));
      t = e + 15 + rnd(200);
    }
    parts.push(spans.join(','));
  }
  let mod = pick(['', '', '', ' open', ' off', ' closed']);
  if (!hasTime && !sel && mod === '') mod = ' open';
  return { text: parts.join(' ') + mod, endsOpen: hasTime || mod !== '' };
}

function genText() {
  let r = genRule(false), text = r.text;
  for (let i = 0, n = rnd(4); i < n; i++) {
    const additional = r.endsOpen && rnd(3) === 0;
    r = genRule(true);
    text += (additional ? ', ' : '; ') + r.text;
  }
  return text;
}

const texts = [
  'Mo-Fr 08:00-12:00,13:00-17:00', 'Mo-Fr 08:00-16:00; Fr 08:00-14:00',
  'Mo-Fr 08:00-12:00, We 14:00-16:00', 'Jun-Aug Mo-Fr 09:00-15:00', 'Dec 24-26 off',
  'Mo-Fr 08:00-16:00; Dec 24-Jan 02 10:00-12:00', 'Nov-Feb Sa 10:00-12:00',
  '2025 Dec 24 09:00-12:00; 2025 Dec 27 10:00-14:00', 'Fr-Mo 10:00-18:00', 'Su open',
  'Mo-Fr 08:00-16:00, We off', 'Mo-Fr 08:00-16:00; We 12:00-13:00 off', '24/7; Su off',
  'Jan 01,Dec 25 off; Mo-Sa 09:00-18:00', 'Mo-Fr', 'Dec 24,31 10:00-11:00',
];
for (let i = 0; i < 1500; i++) texts.push(genText());
const uniq = [...new Set(texts)];
texts.length = 0;
texts.push(...uniq);

const out = execFileSync(dump, ['2024-12-01', String(NDAYS)], { input: texts.join('\n') + '\n', maxBuffer: 1 << 28 })
  .toString().trimEnd().split('\n');

function ohDays(text) {
  const oh = new OH(text, null, 0);
  const days = Array.from({ length: NDAYS }, () => []);
  for (const [a, b] of oh.getOpenIntervals(new Date(FIRST), new Date(FIRST + NDAYS * DAY))) {
    let s = a.getTime();
    const e = b.getTime();
    while (s < e) {
      const di = Math.floor((s - FIRST) / DAY), mid = FIRST + (di + 1) * DAY;
      const end = Math.min(e, mid);
      const base = FIRST + di * DAY;
      days[di].push(hm((s - base) / 60000) + '-' + hm((end - base) / 60000));
      s = end;
    }
  }
  return days.map((d) => (d.length ? d.join(',') : '-')).join('|');
}

let bad = 0;
texts.forEach((text, i) => {
  let want;
  try { want = ohDays(text); } catch (e) { want = 'ERR'; }
  const got = out[i];
  if (want === 'ERR' || got.startsWith('ERR')) {
    if (!(want === 'ERR' && got.startsWith('ERR'))) {
      console.log(`MISMATCH acceptance: "${text}": libsla ${got.slice(0, 40)}, opening_hours.js ${want.slice(0, 40)}`);
      bad++;
    }
    return;
  }
  if (got !== want) {
    const g = got.split('|'), w = want.split('|');
    const k = g.findIndex((x, j) => x !== w[j]);
    const date = new Date(FIRST + k * DAY).toISOString().slice(0, 10);
    console.log(`MISMATCH "${text}" on ${date}: libsla ${g[k]}, opening_hours.js ${w[k]}`);
    bad++;
  }
});
console.log(`${texts.length} texts, ${bad} mismatches`);
process.exit(bad ? 1 : 0);
