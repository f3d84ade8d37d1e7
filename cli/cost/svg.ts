import type { CostEstimate } from '../../domain/cost/estimate';
import { usd } from './report';

/**
 * `--svg`: a plain, self-contained SVG bar chart (no library, no script, no external font) of
 * instances and monthly cost, Beanstalk against Kubernetes, per environment and in total. It
 * carries a <title> and a <desc> that say the numbers, a <title> per bar for hover and screen
 * readers, and the Okabe–Ito orange and blue, which colour-blind readers tell apart.
 */

const WIDTH = 760;
const HEIGHT = 420;
const PLOT_TOP = 110;
const PLOT_BOTTOM = 340;
const PANEL_WIDTH = 330;
const PANELS_LEFT = [60, 420];
const BAR_WIDTH = 28;
const BAR_GAP = 4;
const COLORS = { beanstalk: '#D55E00', kubernetes: '#0072B2' } as const;
const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

interface Group {
  readonly label: string;
  readonly beanstalk: number;
  readonly kubernetes: number;
  readonly decrease: number | null;
}

export function costChart(estimate: CostEstimate): string {
  const environments = estimate.environments.filter((entry) => entry.beanstalk.instances > 0 || entry.kubernetes.instances > 0);
  const groups = (pick: 'instances' | 'monthlyCost'): Group[] => [
    ...environments.map((entry) => ({
      label: entry.environment,
      beanstalk: entry.beanstalk[pick],
      kubernetes: entry.kubernetes[pick],
      decrease: pick === 'instances' ? entry.decrease.instances : entry.decrease.cost,
    })),
    {
      label: 'total',
      beanstalk: estimate.beanstalk[pick],
      kubernetes: estimate.kubernetes[pick],
      decrease: pick === 'instances' ? estimate.decrease.instances : estimate.decrease.cost,
    },
  ];
  const instances = groups('instances');
  const cost = groups('monthlyCost');
  const summary = (what: string, items: Group[], format: (value: number) => string) =>
    items
      .map(
        (item) =>
          `${item.label}: ${what} ${format(item.beanstalk)} on Beanstalk, ${format(item.kubernetes)} on Kubernetes${item.decrease === null ? '' : ` (−${item.decrease.toFixed(0)} %)`}`,
      )
      .join('; ');
  const title = `What the move saves: Beanstalk vs Kubernetes, ${estimate.region}`;
  const desc = `${summary('instances', instances, (value) => formatCount(value))}. ${summary('monthly cost', cost, (value) => `USD ${usd(value)}`)}. Steady state (every service at minReplicas), on-demand prices of ${estimate.prices.retrieved}; Kubernetes nodes split per environment by requested CPU and memory; cost includes the load balancers of both sides that could be priced (${estimate.beanstalk.loadBalancers.count} on Beanstalk, ${estimate.kubernetes.loadBalancers.count} on the clusters).`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="cost-title cost-desc" font-family="${FONT}">`,
    `  <title id="cost-title">${escape(title)}</title>`,
    `  <desc id="cost-desc">${escape(desc)}</desc>`,
    `  <rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `  <text x="${WIDTH / 2}" y="30" text-anchor="middle" font-size="18" font-weight="600" fill="#1a1a1a">${escape(title)}</text>`,
    `  <text x="${WIDTH / 2}" y="52" text-anchor="middle" font-size="12" fill="#4a4a4a">steady state (minReplicas) · on-demand USD, prices of ${escape(estimate.prices.retrieved)} · Kubernetes = node groups + EKS control plane</text>`,
    legend(),
    panel('Instances', instances, PANELS_LEFT[0], (value) => formatCount(value)),
    panel('Monthly cost (USD)', cost, PANELS_LEFT[1], (value) => `$${Math.round(value).toLocaleString('en-US')}`),
    '</svg>',
    '',
  ].join('\n');
}

function legend(): string {
  const item = (x: number, color: string, label: string) =>
    `    <rect x="${x}" y="66" width="14" height="14" fill="${color}"/>\n    <text x="${x + 20}" y="78" font-size="13" fill="#1a1a1a">${label}</text>`;
  return [
    '  <g aria-hidden="true">',
    item(WIDTH / 2 - 150, COLORS.beanstalk, 'Elastic Beanstalk today'),
    item(WIDTH / 2 + 30, COLORS.kubernetes, 'Kubernetes (EKS)'),
    '  </g>',
  ].join('\n');
}

function panel(heading: string, groups: readonly Group[], left: number, format: (value: number) => string): string {
  const max = Math.max(1, ...groups.flatMap((group) => [group.beanstalk, group.kubernetes]));
  const step = niceStep(max / 4);
  const top = Math.ceil(max / step) * step;
  const y = (value: number) => PLOT_BOTTOM - (value / top) * (PLOT_BOTTOM - PLOT_TOP);
  const slot = PANEL_WIDTH / groups.length;
  const parts = [
    `  <g>`,
    `    <text x="${left + PANEL_WIDTH / 2}" y="${PLOT_TOP - 12}" text-anchor="middle" font-size="14" font-weight="600" fill="#1a1a1a">${escape(heading)}</text>`,
  ];
  for (let tick = 0; tick <= top + step / 2; tick += step) {
    parts.push(
      `    <line x1="${left}" x2="${left + PANEL_WIDTH}" y1="${num(y(tick))}" y2="${num(y(tick))}" stroke="${tick === 0 ? '#8a8a8a' : '#e3e3e3'}" stroke-width="1"/>`,
      `    <text x="${left - 6}" y="${num(y(tick) + 4)}" text-anchor="end" font-size="11" fill="#4a4a4a">${escape(format(tick))}</text>`,
    );
  }
  groups.forEach((group, g) => {
    const center = left + slot * (g + 0.5);
    const bars: [keyof typeof COLORS, number, string][] = [
      ['beanstalk', group.beanstalk, 'Elastic Beanstalk'],
      ['kubernetes', group.kubernetes, 'Kubernetes'],
    ];
    bars.forEach(([side, value, name], b) => {
      const x = center - BAR_WIDTH - BAR_GAP / 2 + b * (BAR_WIDTH + BAR_GAP);
      const height = Math.max(0, PLOT_BOTTOM - y(value));
      parts.push(
        `    <rect x="${num(x)}" y="${num(PLOT_BOTTOM - height)}" width="${BAR_WIDTH}" height="${num(height)}" fill="${COLORS[side]}"><title>${escape(`${name}, ${group.label}: ${format(value)}`)}</title></rect>`,
        `    <text x="${num(x + BAR_WIDTH / 2)}" y="${num(PLOT_BOTTOM - height - 4)}" text-anchor="middle" font-size="11" fill="#1a1a1a">${escape(format(value))}</text>`,
      );
    });
    parts.push(
      `    <text x="${num(center)}" y="${PLOT_BOTTOM + 18}" text-anchor="middle" font-size="12" fill="#1a1a1a">${escape(group.label)}</text>`,
    );
    if (group.decrease !== null) {
      parts.push(
        `    <text x="${num(center)}" y="${PLOT_BOTTOM + 36}" text-anchor="middle" font-size="12" font-weight="600" fill="#1a1a1a">${group.decrease >= 0 ? '−' : '+'}${Math.abs(group.decrease).toFixed(0)} %</text>`,
      );
    }
  });
  parts.push('  </g>');
  return parts.join('\n');
}

/** 1, 2 or 5 × 10ⁿ: ticks a reader can add up. */
function niceStep(rough: number): number {
  const power = 10 ** Math.floor(Math.log10(Math.max(rough, 1e-9)));
  const fraction = rough / power;
  return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
}

function formatCount(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

function num(value: number): string {
  return String(Math.round(value * 10) / 10);
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
