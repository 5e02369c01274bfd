// SMS Transaction History: the seed's table ("Show 10 entries", search, pages, "Showing 1 to 4 of 4
// entries"), a row's details on click (state, attempts, the gateway's status and message id, delivery), and
// the export.
import { rpc, RPCError } from './rpc.js';
import { debounce, download, el, notice, replace, say } from './ui.js';

const columns = [
  ['Event ID', (row) => row.eventId ?? 'None'], ['Order ID', (row) => row.orderId ?? 'None'],
  ['Event type', (row) => row.eventType], ['Sender', (row) => row.sender ?? ''], ['Datetime', (row) => row.datetime],
  ['Message', (row) => row.message], ['Recipient', (row) => row.recipient || row.recipientTyped || ''],
  ['Response', (row) => row.response ?? ''], ['Status', (row) => row.status],
];

/** Renders the tab into `panel`. */
export async function renderHistory(panel) {
  const state = { page: 1, pageSize: 10, search: '' };
  const size = el('select', { id: 'history-page-size' }, [10, 25, 50, 100].map((count) => el('option', { value: count }, count)));
  const search = el('input', { id: 'history-search', type: 'search', autocomplete: 'off' });
  const table = el('table', { id: 'history-table' },
    el('caption', { class: 'visually-hidden' }, 'SMS transactions, newest first'),
    el('thead', {}, el('tr', {}, columns.map(([name]) => el('th', { scope: 'col' }, name)))));
  const body = el('tbody');
  table.append(body);
  const showing = el('p', { id: 'history-showing', 'aria-live': 'polite' });
  const pages = el('nav', { class: 'pages', 'aria-label': 'Pages' });
  const details = el('section', { id: 'history-details', class: 'details', 'aria-live': 'polite' });
  const exportNotice = notice('history-export-notice');
  let loads = 0;
  const load = async () => {
    const thisLoad = ++loads;
    try {
      const result = await rpc('history.query', { page: state.page, pageSize: state.pageSize, search: state.search || undefined });
      if (thisLoad !== loads) return;  // a later search or page was asked meanwhile: its answer wins
      replace(body, result.rows.map((row) => {
        const open = (event) => showDetails(row.id, details, event.currentTarget);
        return el('tr', { tabindex: 0, class: `status-${row.status.toLowerCase()}`, 'data-id': row.id, onclick: open,
          'aria-label': `SMS ${row.id} to ${row.recipient || row.recipientTyped || 'nobody'}, ${row.status}: press Enter for its details`,
          onkeydown: (event) => { if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); open(event); } } },
        columns.map(([name, value]) => el('td', { 'data-label': name }, value(row))));
      }));
      if (!result.rows.length) body.append(el('tr', {}, el('td', { colspan: columns.length }, 'No data available in table')));
      showing.textContent = result.showing;
      const button = (label, page, disabled, current = false) => el('button', { type: 'button', class: current ? 'current' : 'secondary',
        disabled, 'aria-current': current ? 'page' : false, onclick: () => { state.page = page; load(); } }, label);
      const pagerHadFocus = pages.contains(document.activeElement);
      const last = Math.max(1, result.pages);
      const numbers = [];
      for (let page = Math.max(1, state.page - 2); page <= Math.min(last, state.page + 2); page++) numbers.push(button(page, page, false, page === state.page));
      replace(pages, button('Previous', state.page - 1, state.page <= 1), numbers, button('Next', state.page + 1, state.page >= last));
      // The pager is redrawn: keep the keyboard on it, at the page now shown.
      if (pagerHadFocus) pages.querySelector('[aria-current="page"]')?.focus();
    } catch (error) {
      replace(body, el('tr', {}, el('td', { colspan: columns.length, class: 'error' }, error instanceof RPCError ? error.words : String(error))));
    }
  };
  size.addEventListener('change', () => { state.pageSize = Number(size.value); state.page = 1; load(); });
  search.addEventListener('input', debounce(() => { state.search = search.value.trim(); state.page = 1; load(); }, 250));
  const exportCSV = async () => {
    say(exportNotice, 'Exporting…');
    try {
      const exported = await rpc('history.export', { format: 'csv', search: state.search || undefined });
      download('sms-history.csv', exported.content, 'text/csv');
      say(exportNotice, `Exported ${exported.rows} SMS.`, 'ok');
    } catch (error) {
      say(exportNotice, error instanceof RPCError ? error.words : String(error), 'error');
    }
  };
  replace(panel,
    el('h2', {}, 'SMS Transaction History'),
    el('div', { class: 'table-tools' },
      el('div', { class: 'inline' }, el('label', { for: size.id }, 'Show'), size, el('span', {}, 'entries')),
      el('div', { class: 'inline' }, el('label', { for: search.id }, 'Search:'), search),
      el('button', { type: 'button', class: 'secondary', id: 'history-export', onclick: exportCSV }, 'Export')),
    exportNotice,
    el('div', { class: 'table-wrap' }, table),
    el('div', { class: 'table-foot' }, showing, pages),
    details);
  await load();
}

async function showDetails(id, node, opener) {
  let found;
  try {
    found = await rpc('messages.get', { id });
  } catch (error) {
    replace(node, el('p', { class: 'error' }, error instanceof RPCError ? error.words : String(error)));
    return;
  }
  const row = found.message;
  const retried = notice('history-retry-notice');
  const item = (name, value) => value === null || value === undefined || value === '' ? null : [el('dt', {}, name), el('dd', {}, String(value))];
  const heading = el('h3', { tabindex: -1 }, `SMS ${row.id}`);
  const close = () => {
    replace(node);
    if (opener && opener.isConnected) opener.focus();
  };
  replace(node,
    heading,
    el('dl', {},
      item('State', row.state), item('Status', row.status), item('Audience', row.audience), item('Recipient', row.recipient),
      item('Number as found', row.recipientTyped), item('Attempts', row.attempts), item('Gateway status', row.gatewayStatus),
      item('Gateway answer', row.gatewayStatus === null || row.gatewayStatus === undefined ? null : row.response),
      item('Our note', row.reason), item('Message id', row.msgid),
      item('Delivered at', row.deliveredAt), item('Delivery error code', row.deliveryErrorCode),
      item('Next attempt', row.nextAttemptAt), item('Encoding', `${row.encoding}, ${row.parts} part${row.parts === 1 ? '' : 's'}`),
      item('Broadcast', row.broadcastId), item('Updated', row.updatedAt)),
    found.attempts.length ? el('table', { class: 'attempts', id: 'history-attempts' },
      el('caption', {}, 'Attempts'),
      el('thead', {}, el('tr', {}, ['#', 'Started', 'Finished', 'Outcome', 'Gateway status', 'Gateway answer'].map((name) => el('th', { scope: 'col' }, name)))),
      el('tbody', {}, found.attempts.map((attempt) => el('tr', {},
        [attempt.number, attempt.startedAt, attempt.finishedAt ?? 'in flight', attempt.outcome ?? '', attempt.gatewayStatus ?? '', attempt.response ?? '']
          .map((value) => el('td', {}, value)))))) : el('p', { class: 'muted' }, 'No attempt: it was never sent.'),
    el('div', { class: 'actions' },
      ['failed', 'unknown', 'expired'].includes(row.state) ? el('button', { type: 'button', id: 'history-retry', onclick: async () => {
        try {
          const [outcome] = await rpc('messages.retry', { ids: [row.id] });
          say(retried, outcome.outcome === 'queued' ? 'Queued to be sent again.' : `Not retried: ${outcome.outcome}`, outcome.outcome === 'queued' ? 'ok' : 'error');
        } catch (error) {
          say(retried, error instanceof RPCError ? error.words : String(error), 'error');
        }
      } }, 'Send again') : null,
      el('button', { type: 'button', class: 'secondary', id: 'history-close', onclick: close }, 'Close')),
    retried);
  node.scrollIntoView({ block: 'nearest' });
  heading.focus();
}

