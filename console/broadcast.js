// SMS Broadcast: all customers, chosen customers (searched) or typed numbers; the message with its live
// length; a dry run's summary (recipients, skipped and why, cost, balance, time) before Send; then live
// progress with pause, resume, cancel and "resend to failed".
import { rpc, RPCError } from './rpc.js';
import { smsLength } from './sms.js';
import { debounce, el, field, replace, say } from './ui.js';

let progressTimer;

/** Renders the tab into `panel`. */
export async function renderBroadcast(panel) {
  clearInterval(progressTimer);
  const choice = el('select', { id: 'broadcast-recipients' },
    el('option', { value: '' }, '-- Select Recipient --'),
    el('option', { value: 'all' }, 'All users'),
    el('option', { value: 'customers' }, 'Specific customers'),
    el('option', { value: 'numbers' }, 'Specific phone numbers'));
  const numbers = el('textarea', { id: 'broadcast-numbers', rows: 3, inputmode: 'tel' });
  const numbersField = field('Phone numbers', numbers, 'Space-delimited, country code required (e.g. 60123456789 60123456666).');
  const customerSearch = el('input', { id: 'broadcast-customer-search', type: 'search', autocomplete: 'off' });
  const customerList = el('ul', { class: 'picks', id: 'broadcast-customer-list' });
  const chosen = new Map();
  const chosenList = el('p', { class: 'help', id: 'broadcast-chosen' }, 'No customer chosen.');
  const showChosen = () => chosenList.replaceChildren(chosen.size ? `Chosen: ${[...chosen.values()].join(', ')}` : 'No customer chosen.');
  const search = debounce(async () => {
    const page = await rpc('customers.list', { search: customerSearch.value || undefined, pageSize: 20 });
    replace(customerList, page.customers.map((customer) => {
      const name = [customer.firstName, customer.lastName].filter(Boolean).join(' ') || customer.email || `#${customer.id}`;
      const box = el('input', { type: 'checkbox', id: `customer-${customer.id}`, checked: chosen.has(customer.id),
        onchange: () => { box.checked ? chosen.set(customer.id, name) : chosen.delete(customer.id); showChosen(); } });
      return el('li', {}, box, el('label', { for: box.id }, `${name}${customer.phone ? ` · ${customer.phone}` : ' · no phone'}`));
    }));
  }, 250);
  customerSearch.addEventListener('input', search);
  const customersField = el('div', { class: 'sub' }, field('Search customers', customerSearch, 'By name, email or phone.'), customerList, chosenList);
  const message = el('textarea', { id: 'broadcast-message', rows: 4, maxlength: 1600 });
  const length = el('p', { class: 'counts', id: 'broadcast-length', 'aria-live': 'polite' }, '0 characters · GSM-7 · 0 SMS parts');
  message.addEventListener('input', () => {
    const counted = smsLength(message.value);
    length.textContent = `${counted.characters} characters · ${counted.encoding} · ${counted.parts} SMS part${counted.parts === 1 ? '' : 's'}`;
  });
  const summary = el('div', { class: 'summary', id: 'broadcast-summary', 'aria-live': 'polite' });
  const verdict = el('p', { class: 'notice', id: 'broadcast-verdict' });
  const sendButton = el('button', { type: 'button', id: 'broadcast-send', disabled: true }, 'Send');
  const progress = el('div', { class: 'progress', id: 'broadcast-progress', 'aria-live': 'polite' });
  const showChoice = () => {
    numbersField.hidden = choice.value !== 'numbers';
    customersField.hidden = choice.value !== 'customers';
    if (choice.value === 'customers' && !customerList.childElementCount) search();
    sendButton.disabled = true;
  };
  choice.addEventListener('change', showChoice);
  message.addEventListener('input', () => { sendButton.disabled = true; });
  numbers.addEventListener('input', () => { sendButton.disabled = true; });
  const recipients = () => {
    if (choice.value === 'all') return { all: true };
    if (choice.value === 'customers') return { customerIds: [...chosen.keys()] };
    if (choice.value === 'numbers') return { numbers: numbers.value };
    return null;
  };
  const request = (dryRun) => ({ message: message.value, recipients: recipients(), dryRun });
  const preview = async (event) => {
    event.preventDefault();
    if (!recipients()) return say(verdict, 'recipients: choose who gets the SMS', 'error');
    try {
      const plan = await rpc('broadcast.send', request(true));
      showSummary(summary, plan);
      say(verdict, 'Check the summary, then Send.', 'info');
      sendButton.disabled = plan.toSend === 0;
    } catch (error) {
      replace(summary);
      say(verdict, error instanceof RPCError ? error.words : String(error), 'error');
    }
  };
  sendButton.addEventListener('click', async () => {
    sendButton.disabled = true;
    try {
      const sent = await rpc('broadcast.send', request(false));
      say(verdict, `Broadcast ${sent.id} started.`, 'ok');
      followProgress(sent.id, progress);
    } catch (error) {
      say(verdict, error instanceof RPCError ? error.words : String(error), 'error');
    }
  });
  replace(panel,
    el('h2', {}, 'SMS Broadcast'),
    el('form', { id: 'broadcast-form', onsubmit: preview, novalidate: true },
      field('Select Recipient', choice), numbersField, customersField,
      field('Message', message), length,
      el('div', { class: 'actions' }, el('button', { type: 'submit', id: 'broadcast-preview', class: 'secondary' }, 'Preview'), sendButton),
      verdict, summary),
    el('p', { class: 'help' }, 'Customers without a phone number get no SMS; they are recorded in the SMS history as skipped.'),
    progress,
    await recentBroadcasts(progress));
  showChoice();
}

function showSummary(node, plan) {
  const skipped = Object.entries(plan.skipped || {}).filter(([, count]) => count > 0);
  const cost = plan.cost || {};
  replace(node, el('dl', {},
    el('dt', {}, 'Recipients'), el('dd', { id: 'summary-recipients' }, `${plan.recipients} (${plan.toSend} to send, ${plan.duplicates || 0} duplicates)`),
    el('dt', {}, 'Skipped'), el('dd', { id: 'summary-skipped' }, skipped.length ? skipped.map(([reason, count]) => `${count} ${reason}`).join(', ') : 'none'),
    el('dt', {}, 'SMS parts'), el('dd', {}, `${plan.parts} each (${plan.encoding})`),
    el('dt', {}, 'Cost'), el('dd', { id: 'summary-cost' }, cost.total ? `${cost.currency || ''} ${cost.total}${cost.balance ? ` of a balance of ${cost.balance}` : ''}${cost.covered === false ? ' (NOT covered)' : ''}` : 'unknown'),
    el('dt', {}, 'Time'), el('dd', {}, plan.estimatedSeconds !== undefined ? `about ${Math.ceil(plan.estimatedSeconds)} s` : '—')));
}

function followProgress(id, node) {
  clearInterval(progressTimer);
  const show = async () => {
    let broadcast;
    try {
      broadcast = await rpc('broadcast.get', { id });
    } catch {
      return;
    }
    const counts = broadcast.messages || {};
    const settled = broadcast.settled ?? 0;
    const total = broadcast.toSend || 1;
    const act = (method, label, params = { id }) => el('button', { type: 'button', class: 'secondary', id: `broadcast-${method.split('.')[1]}`, onclick: async () => {
      try {
        await rpc(method, params);
      } catch (error) {
        alert(error instanceof RPCError ? error.words : String(error));
      }
      show();
    } }, label);
    const actions = [];
    if (broadcast.state === 'running' || broadcast.state === 'writing') actions.push(act('broadcast.pause', 'Pause'));
    if (broadcast.state === 'paused') actions.push(act('broadcast.resume', 'Resume'));
    if (!['finished', 'cancelled'].includes(broadcast.state)) actions.push(act('broadcast.cancel', 'Cancel'));
    if ((counts.failed || 0) + (counts.expired || 0) > 0) actions.push(act('broadcast.retryFailed', 'Resend to failed'));
    replace(node,
      el('h3', {}, `Broadcast ${broadcast.id}: `, el('span', { id: 'broadcast-state' }, broadcast.state)),
      el('progress', { max: total, value: Math.min(settled, total), 'aria-label': 'Sent so far' }),
      el('p', { id: 'broadcast-counts' }, Object.entries(counts).filter(([, count]) => count > 0).map(([state, count]) => `${count} ${state}`).join(' · ') || 'nothing yet'),
      el('div', { class: 'actions' }, actions));
    if (['finished', 'cancelled'].includes(broadcast.state) && !actions.length) clearInterval(progressTimer);
  };
  show();
  progressTimer = setInterval(show, 1000);
}

async function recentBroadcasts(progress) {
  try {
    const listed = await rpc('broadcast.list', { limit: 5 });
    if (!listed.broadcasts || !listed.broadcasts.length) return null;
    return el('section', { class: 'sub' }, el('h3', {}, 'Recent broadcasts'),
      el('ul', { class: 'recent' }, listed.broadcasts.map((broadcast) => el('li', {},
        el('button', { type: 'button', class: 'link', onclick: () => followProgress(broadcast.id, progress) },
          `#${broadcast.id} · ${broadcast.state} · ${broadcast.toSend} to send · ${String(broadcast.message || '').slice(0, 40)}`)))));
  } catch {
    return null;
  }
}
