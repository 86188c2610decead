// Verdicts: per model (service), the latest recorded verdict of each candidate with the six
// reviewers' votes and each check's findings, and deployment_verdict.md rendered on request.

import { api, query, seg } from '../api.js';
import { h, swap, badge, panel, missing, empty, time, table, facts, field } from '../dom.js';
import { renderMarkdown } from '../markdown.js';
import { serviceNames, debounce, concerns, checksTable } from './shared.js';

export async function mount(ctx) {
  const box = h('div');
  ctx.root.append(box);
  const read = async () => {
    const { routes, names } = await serviceNames(ctx.signal);
    if (!routes.ok) {
      swap(box, panel('Verdicts', missing(routes, 'the service list')));
      return;
    }
    const sections = await Promise.all(names.map((name) => modelVerdicts(ctx, name)));
    swap(box, sections.length ? sections : panel('Verdicts', empty('This server routes no services.')));
  };
  await read();
  const reread = debounce(read);
  ctx.onEvent((event) => { if (concerns(event, ['verdict'])) reread(); });
}

async function modelVerdicts(ctx, model) {
  const list = await api(`/api/v1/verdicts/${seg(model)}`, { signal: ctx.signal });
  if (!list.ok) {
    const none = list.status === 404 && list.problem?.title === 'Not found';
    return panel(`${model}`, none ? empty(`No verdict recorded for ${model}.`) : missing(list, `${model}'s verdicts`));
  }
  // The latest per candidate: the list is oldest first.
  const latest = new Map();
  for (const v of list.data.verdicts ?? []) latest.set(v.candidate_version, v);
  if (latest.size === 0) return panel(`${model}`, empty(`No verdict recorded for ${model}.`));
  const cards = await Promise.all([...latest.values()].reverse().map((v) => verdictCard(ctx, model, v)));
  return panel(`${model}`, cards);
}

async function verdictCard(ctx, model, v) {
  const path = `/api/v1/verdicts/${seg(model)}/${seg(v.deployment_id)}`;
  const shown = await api(path, { signal: ctx.signal });
  const reportStatus = shown.ok ? shown.data.report?.status : null;
  // `verdict show --json` carries the recorded report only when it matches its sha256; otherwise
  // the report's status says why (missing, differs).
  const content = shown.ok ? shown.data.deployment_verdict ?? null : null;
  let contentProblem = null;
  if (shown.ok && !content) {
    contentProblem = reportStatus === 'missing'
      ? 'deployment_verdict.json is missing from the report folder'
      : `deployment_verdict.json no longer matches the sha256 recorded with the verdict (report ${reportStatus ?? 'unverified'})`;
  }
  const reportBox = h('div', { class: 'report', 'aria-live': 'polite' });
  const readButton = h('button', {
    type: 'button',
    class: 'link',
    'data-key': `md-${v.deployment_id}-${v.candidate_version}`,
    onclick: async () => {
      swap(reportBox, h('p', { class: 'loading' }, 'Reading deployment_verdict.md…'));
      const md = await api(query(path, { report: 'md' }), { accept: 'text/markdown, text/plain' });
      if (md.ok && md.exit && md.exit !== '0' && !md.text?.trim()) swap(reportBox, h('p', { class: 'empty missing' }, `deployment_verdict.md could not be read: the report folder is missing or no longer matches the sha256 recorded with the verdict (warden verdict show exit ${md.exit}).`));
      else if (md.ok && typeof md.text === 'string') swap(reportBox, h('h3', {}, 'deployment_verdict.md'), renderMarkdown(md.text));
      else if (md.ok && typeof md.data?.stdout === 'string') swap(reportBox, h('h3', {}, 'deployment_verdict.md'), renderMarkdown(md.data.stdout));
      else swap(reportBox, missing(md, 'deployment_verdict.md'));
    },
  }, 'Read deployment_verdict.md');
  return h('article', { class: 'verdict', 'data-candidate': v.candidate_version, 'data-deployment': v.deployment_id },
    h('div', { class: 'panel-head' },
      h('h3', {}, `${v.candidate_version} against ${v.baseline_version}`),
      field('span', 'verdict.outcome', v.outcome, badge(v.outcome))),
    facts([
      ['Deployment', v.deployment_id],
      ['Recorded', [time(v.recorded_at), ` by ${v.actor}`]],
      ['Report', [reportStatus ? badge(reportStatus) : '—', ' sha256 ', h('code', { title: v.report_sha256 }, (v.report_sha256 ?? '').slice(0, 12))]],
      content?.rule ? ['Rule', content.rule] : null,
      content?.quorum ? ['Quorum', `${content.go_votes} of ${content.votes?.length ?? 6} GO votes (needed ${content.quorum})`] : null,
    ]),
    content ? votes(content) : h('p', { class: 'empty' }, `The reviewers' votes are not available: ${shown.ok ? contentProblem : shown.problem?.detail ?? `HTTP ${shown.status}`}.`),
    content?.checks ? h('details', { class: 'decision', 'data-key': `checks-${v.deployment_id}-${v.candidate_version}` },
      h('summary', {}, `Findings: ${content.checks.length} checks`),
      checksTable(content.checks, null)) : null,
    readButton,
    reportBox);
}

function votes(content) {
  const checks = new Map((content.checks ?? []).map((c) => [c.id, c]));
  return h('div', { class: 'table-wrap' }, table('Reviewer votes', ['Reviewer', 'Vote', 'Decisive finding'],
    (content.votes ?? []).map((v) => {
      const check = checks.get(v.decisive_check);
      return h('tr', { 'data-reviewer': v.reviewer },
        h('th', { scope: 'row' }, v.name ?? v.reviewer),
        field('td', 'verdict.vote', v.vote, badge(v.vote)),
        h('td', {}, check ? [badge(check.status), ` ${check.name}: ${check.reason ?? ''}`] : v.decisive_check ?? '—'));
    })));
}
