'use strict';
// The clerk's console: plain DOM and fetch, no external scripts (the machine has no internet).

const $ = (id) => document.getElementById(id);
const STATUS_LABEL = {
  ENTITLED: '享有 Entitled', NOT_YET: '尚未 Not yet', SUSPENDED: '中止 Suspended', NOT_APPLICABLE: '不适用 N/A',
  VALID: '有效 Valid', APPLIED: '已申领 Applied', REFUSED: '未受理 Refused', REJECTED: '驳回 Rejected',
  MOVED_AWAY: '已迁出 Moved away', SETTLED: '已落户 Settled', CANCELLED: '已注销 Cancelled', NONE: '无 None'
};

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === 'class') node.className = value; else node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// The bearer token comes once in the address (#token=..., as the local launcher prints it) or is pasted in;
// it is kept for this browser tab only and taken out of the address at once.
function takeTokenFromAddress() {
  const match = location.hash.match(/^#token=([A-Za-z0-9._~-]+)$/);
  if (match) {
    sessionStorage.setItem('token', match[1]);
    history.replaceState(null, '', location.pathname + location.search);
  }
  $('token').value = sessionStorage.getItem('token') || '';
}

function authorization() {
  const headers = { Accept: 'application/json' };
  const token = $('token').value.trim();
  if (token) headers.Authorization = `Bearer ${token}`;
  // an agency states why it reads a holder's data; the header is percent-encoded UTF-8
  const purpose = $('purpose').value.trim();
  if (purpose) headers['X-Purpose'] = encodeURIComponent(purpose);
  return headers;
}

async function getJson(path) {
  const response = await fetch(path, { headers: authorization() });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const reasons = (body.errors || []).map((e) => `${e.field}: ${e.reason}`).join('; ');
    throw new Error(`${body.title || response.status}${body.detail ? ' — ' + body.detail : ''}${reasons && !body.detail ? ' — ' + reasons : ''}`);
  }
  return body;
}

function query() {
  const params = new URLSearchParams();
  if ($('as-of').value) params.set('on', $('as-of').value);
  if ($('known-at').value) params.set('knownAt', new Date($('known-at').value).toISOString());
  return params.toString();
}

async function lookUp(event) {
  if (event) event.preventDefault();
  $('message').textContent = '';
  const citizenId = $('citizen-id').value.trim().toUpperCase();
  try {
    const ref = await getJson(`api/v1/holders?citizenId=${encodeURIComponent(citizenId)}`);
    const holderId = ref.holderId;
    const [entitlements, history, verification, audit] = await Promise.all([
      getJson(`api/v1/holders/${holderId}/entitlements?${query()}`),
      getJson(`api/v1/holders/${holderId}/history?size=500`),
      getJson(`api/v1/holders/${holderId}/verification`),
      getJson(`api/v1/holders/${holderId}/audit${$('as-of').value ? '?to=' + $('as-of').value : ''}`)
    ]);
    showPermit(entitlements);
    showServices(entitlements.services);
    showHistory(history, verification, audit);
    $('result').hidden = false;
  } catch (error) {
    $('result').hidden = true;
    $('message').textContent = error.message;
  }
}

function showPermit(answer) {
  const permit = answer.permit;
  $('permit-status').textContent = STATUS_LABEL[permit.status] || permit.status;
  $('permit-status').className = 'status status-' + (permit.status === 'VALID' ? 'ENTITLED' : permit.status === 'SUSPENDED' ? 'SUSPENDED' : 'NOT_YET');
  $('permit-jurisdiction').textContent = permit.jurisdiction
    ? (permit.jurisdictionName ? `${permit.jurisdictionName} ${permit.jurisdiction}` : permit.jurisdiction) : '—';
  const hukou = answer.hukou;
  $('permit-hukou').textContent = !hukou ? '—'
    : `${hukou.regionName ? hukou.regionName + ' ' : ''}${hukou.region}`
      + (hukou.recorded ? (hukou.since ? `（自 ${hukou.since} · since）` : '')
        : '（按身份证号码推定 · assumed from the citizen ID）');
  $('permit-since').textContent = permit.since || '—';
  $('permit-run').textContent = permit.continuousResidenceSince || '—';
  $('permit-due').textContent = permit.endorsementDueBy || '—';
  $('permit-policy').textContent = answer.policy && answer.policy.id ? `${answer.policy.id} v${answer.policy.version}` : '—';
  const warning = $('endorsement-warning');
  warning.hidden = true;
  warning.className = 'warning';
  if (permit.endorsementDueBy) {
    const days = Math.round((Date.parse(permit.endorsementDueBy) - Date.parse(answer.on)) / 86400000);
    if (permit.status === 'SUSPENDED' || days < 0) {
      warning.textContent = `签注已逾期，居住证功能中止（${permit.endorsementDueBy}） · Endorsement overdue: the permit is suspended`;
      warning.className = 'warning overdue';
      warning.hidden = false;
    } else if (days <= 31) {
      warning.textContent = `请在 ${permit.endorsementDueBy} 前办理签注（剩 ${days} 天） · Endorsement due within ${days} days`;
      warning.hidden = false;
    }
  } else if (permit.status === 'SUSPENDED') {
    warning.textContent = '居住证功能中止 · The permit is suspended';
    warning.className = 'warning overdue';
    warning.hidden = false;
  }
}

function progressRow(label, have, need) {
  if (need === null || need === undefined) return null;
  const share = Math.max(0, Math.min(100, need === 0 ? 100 : Math.round((have || 0) * 100 / need)));
  return el('div', { class: 'progress' }, `${label}: ${have ?? 0} / ${need}`,
    el('div', { class: 'bar', role: 'progressbar', 'aria-valuenow': String(share) }, el('span', { style: `width:${share}%` })));
}

function serviceItem(service) {
  const p = service.progress || {};
  const summary = el('summary', {},
    el('span', {}, `${service.name} `, el('small', {}, service.code), service.child ? el('small', {}, ` · 子女 ${service.child.slice(0, 6)}…`) : null),
    el('span', { class: `status status-${service.status}`, 'data-code': service.code }, STATUS_LABEL[service.status] || service.status));
  const details = el('details', {}, summary,
    el('div', { class: 'basis' }, '依据 Basis: ', (service.basis || []).map((b) => `${b.document} ${b.clause}`).join('；') || '—'),
    el('ul', { class: 'explanation' }, ...service.explanation.zh.map((s, i) => el('li', {}, s, el('br'), el('small', {}, service.explanation.en[i] || '')))));
  const item = el('li', { 'data-service': service.code }, details);
  if (service.since) item.append(el('small', {}, `自 since ${service.since}`));
  if (service.expectedOn) item.append(el('small', {}, ` · 预计 expected ${service.expectedOn}`));
  for (const row of [progressRow('居住 Residence (months)', p.residenceMonths, p.requiredResidenceMonths),
    progressRow('社保 Insurance (months)', p.insuranceMonths, p.requiredInsuranceMonths),
    progressRow('学籍 School years', p.schoolYears, p.requiredSchoolYears),
    progressRow('积分 Points', p.points, p.requiredPoints)]) {
    if (row) item.append(row);
  }
  return item;
}

function showServices(services) {
  $('day-one').replaceChildren(...services.filter((s) => s.tier === 'DAY_ONE').map(serviceItem));
  $('gradual').replaceChildren(...services.filter((s) => s.tier !== 'DAY_ONE').map(serviceItem));
}

function showHistory(history, verification, audit) {
  const badge = $('verification');
  const replayOk = audit.verification.replayMatchesProjection;
  badge.textContent = verification.intact && replayOk
    ? `记录完整 Verified: ${verification.events} events, chain intact, replay matches`
    : `记录异常 Verification failed: ${verification.findings.map((f) => `${f.kind} #${f.sequence}`).concat(audit.verification.differences).join(', ')}`;
  badge.className = 'badge ' + (verification.intact && replayOk ? 'ok' : 'bad');
  $('history').replaceChildren(...history.events.map((e) => el('li', {},
    el('strong', {}, e.type), ' ', Object.entries(e.validTime).map(([k, v]) => `${k} ${v}`).join(', '),
    el('div', { class: 'meta' }, `#${e.sequence} · 记录于 recorded ${e.recordedAt} · ${e.actor || '—'} / ${e.agency || '—'} · ${e.chainHash ? e.chainHash.slice(0, 12) + '…' : ''}`))));
  $('changes').replaceChildren(...audit.changes.filter((c) => c.cause !== 'periodStart').map((c) => el('li', {},
    el('strong', {}, c.on), ` ${c.code}: ${STATUS_LABEL[c.from] || c.from || '—'} → ${STATUS_LABEL[c.to] || c.to}`,
    el('div', { class: 'meta' }, `${c.description} · ${(c.basis || []).map((b) => `${b.document} ${b.clause}`).join('；')}`))));
}

// --- statistics: bar charts drawn as SVG ---

function barChart(table, label) {
  const cells = table.cells;
  if (!cells.length) return el('p', { class: 'note' }, '暂无数据 No data');
  const width = 900, row = 22, left = 330, height = cells.length * row + 20;
  const max = Math.max(1, ...cells.map((c) => c.count || 0));
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  cells.forEach((cell, i) => {
    const y = 10 + i * row;
    const text = document.createElementNS(svg.namespaceURI, 'text');
    text.setAttribute('x', '4'); text.setAttribute('y', String(y + 14)); text.setAttribute('font-size', '12');
    text.textContent = label({ ...cell.dimensions, ...(cell.labels || {}) });
    svg.append(text);
    const bar = document.createElementNS(svg.namespaceURI, 'rect');
    const w = cell.suppressed ? 0 : Math.round((width - left - 80) * cell.count / max);
    bar.setAttribute('x', String(left)); bar.setAttribute('y', String(y + 3));
    bar.setAttribute('width', String(w)); bar.setAttribute('height', String(row - 8)); bar.setAttribute('fill', '#3a85c6');
    svg.append(bar);
    const value = document.createElementNS(svg.namespaceURI, 'text');
    value.setAttribute('x', String(left + w + 6)); value.setAttribute('y', String(y + 14)); value.setAttribute('font-size', '12');
    value.textContent = cell.suppressed ? '已隐藏 suppressed' : String(cell.count);
    svg.append(value);
  });
  return svg;
}

async function showStatistics(event) {
  if (event) event.preventDefault();
  const on = $('statistics-on').value;
  try {
    const [holders, services, changes] = await Promise.all([
      getJson('api/v1/statistics/holders'),
      getJson(`api/v1/statistics/services${on ? '?on=' + on : ''}`),
      getJson('api/v1/statistics/changes')]);
    $('chart-holders').replaceChildren(barChart(holders, (d) => `${d.jurisdiction} · ${STATUS_LABEL[d.permitStatus] || d.permitStatus}`));
    $('chart-services').replaceChildren(barChart({ ...services, cells: services.cells.filter((c) => c.dimensions.status !== 'NOT_APPLICABLE') },
      (d) => `${d.jurisdiction} · ${d.service} · ${d.status}`));
    $('chart-changes').replaceChildren(barChart(changes, (d) => `${d.month} · ${d.jurisdiction} · ${d.change}`));
  } catch (error) {
    $('chart-holders').replaceChildren(el('p', { class: 'note' }, error.message));
  }
}

function route() {
  takeTokenFromAddress();
  const statistics = location.hash === '#statistics';
  $('holder-page').hidden = statistics;
  $('statistics-page').hidden = !statistics;
  $('nav-holder').classList.toggle('active', !statistics);
  $('nav-statistics').classList.toggle('active', statistics);
  if (statistics) showStatistics();
}

$('token').addEventListener('change', () => sessionStorage.setItem('token', $('token').value.trim()));
$('lookup').addEventListener('submit', lookUp);
$('as-of').addEventListener('change', () => { if (!$('result').hidden) lookUp(); });
$('known-at').addEventListener('change', () => { if (!$('result').hidden) lookUp(); });
$('statistics-form').addEventListener('submit', showStatistics);
window.addEventListener('hashchange', route);
$('as-of').value = new Date().toISOString().slice(0, 10);
route();
