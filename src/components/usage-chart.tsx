import type { ApiKeyUsageDay } from "../client/index.js";
import type { ApiKeysUi } from "./ui-context.js";

/** A key's days as the usage query gives them, or where that query stands. */
export type UsageState = ApiKeyUsageDay[] | "pending" | "error";

const refusedOf = (day: ApiKeyUsageDay) =>
  day.revoked + day.expired + day.insufficientScope + day.rateLimited;

const HEIGHT = 20;

/**
 * The last `days` days as bars, accepted below refused, drawn by hand: two paths, so a page of rows adds a few
 * dozen nodes. Its text alternative says the totals; while the usage query waits or failed, a quiet box.
 */
export function UsageChart({ ui, usage, days }: { ui: ApiKeysUi; usage: UsageState; days: number }) {
  const m = ui.messages;
  if (typeof usage === "string") {
    const label = usage === "error" ? m.usageFailed : m.usageLoading;
    return <span data-slot="usage-chart" data-state={usage} role="img" aria-label={label} />;
  }
  const shown = usage.slice(-days);
  let total = 0;
  let refused = 0;
  let max = 1;
  for (const day of shown) {
    const all = day.ok + refusedOf(day);
    total += all;
    refused += refusedOf(day);
    max = Math.max(max, all);
  }
  const paths = ["", ""];
  shown.forEach((day, i) => {
    const x = (days - shown.length + i) * 5;
    let y = HEIGHT;
    [day.ok, refusedOf(day)].forEach((count, outcome) => {
      const h = +((count / max) * HEIGHT).toFixed(1);
      if (h) paths[outcome] += `M${x} ${y}v${-h}h4v${h}z`;
      y -= h;
    });
  });
  const label = m.usageSummary(total, refused, days);
  const width = days * 5 - 1;
  return (
    <svg
      data-slot="usage-chart"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${width} ${HEIGHT}`}
      width={width}
      height={HEIGHT}
      preserveAspectRatio="none"
    >
      <title>{label}</title>
      <path data-outcome="ok" d={paths[0]} fill="currentColor" />
      <path data-outcome="refused" d={paths[1]} fill="currentColor" opacity={0.45} />
    </svg>
  );
}
