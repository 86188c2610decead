// Numbers as the reports print them: a value with its 95 % interval, "2.3 ms [1.9, 3.0]".

const nf = (digits) => new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** A plain number with a fixed number of decimals, thousands grouped; '—' for none. */
export function num(value, digits = 0) {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return nf(digits).format(value);
}

/** Milliseconds, one decimal. */
export function ms(value) {
  return value === null || value === undefined ? '—' : `${num(value, value >= 100 ? 0 : 1)} ms`;
}

/** A fraction as a percentage: 0.0123 -> "1.23 %". */
export function pct(value, digits = 2) {
  return value === null || value === undefined ? '—' : `${num(value * 100, digits)} %`;
}

/** Seconds, with the unit. */
export function secs(value, digits = 1) {
  return value === null || value === undefined ? '—' : `${num(value, digits)} s`;
}

/** An estimate {value, ci_low, ci_high} with its interval, the value and bounds shown by one formatter. */
export function est(estimate, show, unitAfter) {
  if (!estimate || estimate.value === null || estimate.value === undefined) return '—';
  const f = show ?? ((x) => num(x, 3));
  if (estimate.ci_low === null || estimate.ci_low === undefined || estimate.ci_high === null || estimate.ci_high === undefined) {
    return `${f(estimate.value)}${unitAfter ?? ''}`;
  }
  return `${f(estimate.value)}${unitAfter ?? ''} [${f(estimate.ci_low)}, ${f(estimate.ci_high)}]`;
}

/** An estimate in milliseconds: "2.3 ms [1.9, 3.0]". */
export function estMs(estimate) {
  return est(estimate, (x) => num(x, 1), ' ms');
}

/** An estimate of a fraction in percent: "0.12 % [0.05, 0.30]". */
export function estPct(estimate, digits = 2) {
  return est(estimate, (x) => num(x * 100, digits), ' %');
}

/** A check's observed estimate, in the unit its id implies. */
export function observed(check) {
  const o = check?.observed;
  if (!o || o.value === null || o.value === undefined) return 'n/a';
  const id = check.id ?? '';
  if (id.startsWith('latency.p95')) return estMs(o);
  if (id === 'latency.error_rate') return estPct(o);
  if (id === 'throughput') return est(o, (x) => num(x, 1), ' rps');
  if (id === 'safety.ablation_drop' || id === 'compliance.uplift') return estPct(o, 1);
  return est(o, (x) => num(x, 3));
}

/** A guard trigger's number in its own unit: rates in percent, drops in points, latencies as shares. */
export function triggerValue(trigger, value) {
  if (value === null || value === undefined) return '—';
  if (trigger === 'backend_down') return num(value, 0);
  if (trigger === 'compliance_drop') return `${num(value * 100, 2)} pts`;
  return pct(value, 3);
}

/** How a guard trigger's chart axis reads: counts whole, drops in points, the rest in percent. */
export function triggerAxis(trigger) {
  if (trigger === 'backend_down') return { integer: true };
  if (trigger === 'compliance_drop') return { scale: 100, suffix: ' pts' };
  return { scale: 100, suffix: ' %' };
}
