// A key's usage: requests per UTC hour over the last 7 days (valid and rejected), from GET …/usage, drawn as an
// SVG bar chart on the page (no library, no external asset).
import { api } from './api.js';
import { h, openDialog, setupDialog } from './ui.js';
import { $, state, run } from './state.js';
import { findKey, rowButton, onRowAction } from './keys.js';

const SVG = 'http://www.w3.org/2000/svg';
const svg = (tag, attrs = {}, ...children) => {
  const el = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, String(value));
  el.append(...children);
  return el;
};

const number = new Intl.NumberFormat('en-US');
const dayFmt = new Intl.DateTimeFormat('en-US', { weekday: 'short', month: 'short', day: 'numeric', timeZone: 'UTC' });
const hourFmt = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/** Bars of `valid` (below) and `rejected` (stacked above) per bucket, scaled to the busiest hour. */
export function usageChart(buckets) {
  const barWidth = 5;
  const left = 44;
  const top = 10;
  const plotHeight = 160;
  const width = left + buckets.length * barWidth + 4;
  const height = top + plotHeight + 26;
  const max = Math.max(1, ...buckets.map((b) => b.valid + b.rejected));
  const scale = (count) => (count / max) * plotHeight;
  const totals = buckets.reduce((t, b) => ({ valid: t.valid + b.valid, rejected: t.rejected + b.rejected }), { valid: 0, rejected: 0 });
  const chart = svg('svg', {
    class: 'usage-chart', 'data-testid': 'usage-chart', viewBox: `0 0 ${width} ${height}`, role: 'img',
    'data-max': max, 'data-plot-height': plotHeight,
    'aria-label': `Requests per hour over ${buckets.length} hours: ${totals.valid} valid, ${totals.rejected} rejected.`,
  });
  chart.append(
    svg('line', { x1: left, y1: top + plotHeight, x2: width, y2: top + plotHeight, class: 'axis' }),
    svg('text', { x: left - 6, y: top + 8, class: 'tick', 'text-anchor': 'end' }, number.format(max)),
    svg('text', { x: left - 6, y: top + plotHeight, class: 'tick', 'text-anchor': 'end' }, '0'));
  buckets.forEach((bucket, i) => {
    const x = left + i * barWidth;
    const start = new Date(bucket.start);
    if (start.getUTCHours() === 0) {
      chart.append(svg('line', { x1: x, y1: top, x2: x, y2: top + plotHeight, class: 'day-line' }),
        svg('text', { x: x + 2, y: top + plotHeight + 16, class: 'tick' }, dayFmt.format(start)));
    }
    const valid = scale(bucket.valid);
    const rejected = scale(bucket.rejected);
    const group = svg('g', { 'data-testid': 'usage-hour', 'data-start': bucket.start, 'data-valid': bucket.valid, 'data-rejected': bucket.rejected },
      svg('title', {}, `${hourFmt.format(start)} UTC: ${bucket.valid} valid, ${bucket.rejected} rejected`
        + (bucket.rate_limited ? ` (${bucket.rate_limited} rate limited)` : '') + (bucket.usage_exceeded ? ` (${bucket.usage_exceeded} out of credits)` : '')));
    if (bucket.valid) group.append(svg('rect', { class: 'bar-valid', 'data-testid': 'usage-bar-valid', x, y: top + plotHeight - valid, width: barWidth - 1, height: valid }));
    if (bucket.rejected) group.append(svg('rect', { class: 'bar-rejected', 'data-testid': 'usage-bar-rejected', x, y: top + plotHeight - valid - rejected, width: barWidth - 1, height: rejected }));
    chart.append(group);
  });
  return { chart, totals };
}

async function openUsage(keyId) {
  const key = findKey(keyId);
  if (!key) return;
  const dialog = $('usage-dialog');
  $('usage-title').textContent = `Usage of “${key.name}”`;
  const body = $('usage-body');
  body.replaceChildren(h('div', { class: 'loading' }, h('span', { class: 'spinner' }), 'Loading usage…'));
  openDialog(dialog, rowButton(key.id, 'key-usage'));
  await run(dialog, null, async () => {
    const to = new Date();
    const from = new Date(to.getTime() - 7 * 86400000);
    const buckets = await api.usage(state.orgId, key.id, { from: from.toISOString(), to: to.toISOString(), granularity: 'hour' });
    const { chart, totals } = usageChart(buckets);
    body.replaceChildren(
      h('p', { class: 'usage-legend' },
        h('span', { class: 'swatch swatch-valid' }), 'Valid ', h('strong', { 'data-testid': 'usage-total-valid' }, number.format(totals.valid)),
        h('span', { class: 'swatch swatch-rejected' }), 'Rejected ', h('strong', { 'data-testid': 'usage-total-rejected' }, number.format(totals.rejected)),
        h('span', { class: 'muted' }, ' · last 7 days, per UTC hour')),
      h('div', { class: 'usage-frame' }, chart),
      h('p', { class: 'hint' }, 'Counts reach the chart within seconds; each node of a cluster adds its own in batches.'));
  });
}

export function setupUsage() {
  setupDialog($('usage-dialog'), () => $('usage-body').replaceChildren());
  onRowAction('usage', openUsage);
}
