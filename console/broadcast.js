// SMS Broadcast: all customers, chosen customers (searched) or typed numbers; the message with its live
// length; a dry run's summary (recipients, skipped and why, cost, balance, time) before Send; then live
// progress with pause, resume, cancel and "resend to failed".
import { followBroadcast, unfollowBroadcast } from './live.js';
import { rpc, RPCError } from './rpc.js';
import { smsLength } from './sms.js';
import { debounce, el, field, replace, notice, say } from './ui.js';

/** Renders the tab into `panel`. */
export async function renderBroadcast(panel) {
  unfollowBroadcast();
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
    let page;
    try {
      page = await rpc('customers.list', { search: customerSearch.value || undefined, pageSize: 20 });
    } catch (error) {
      replace(customerList, el('li', { class: 'error' }, error instanceof RPCError ? error.words : String(error)));
      return;
    }
    replace(customerList, page.customers.map((customer) => {
      const name = [customer.firstName, customer.lastName].filter(Boolean).join(' ') || customer.email || `#${customer.id}`;
      const box = el('input', { type: 'checkbox', id: `customer-${customer.id}`, checked: chosen.has(customer.id),
        onchange: () => {
          if (box.checked) chosen.set(customer.id, name);
          else chosen.delete(customer.id);
          showChosen();
          sendButton.disabled = true;
          replace(summary);
        } });
      const reach = customer.optedOut ? ' · opted out' : customer.phoneDigits ? ` · ${customer.phone}`
        : customer.phone ? ` · ${customer.phone} (${customer.phoneReason || 'refused'})` : ' · no phone';
      return el('li', {}, box, el('label', { for: box.id }, `${name}${reach}`));
    }));
  }, 250);
  customerSearch.addEventListener('input', search);
  const customersField = el('fieldset', { class: 'sub' }, el('legend', {}, 'Specific customers'),
    field('Search customers', customerSearch, 'By name, email or phone.'), customerList, chosenList);
  const message = el('textarea', { id: 'broadcast-message', rows: 4, maxlength: 1600 });
  const length = el('p', { class: 'counts', id: 'broadcast-length', 'aria-live': 'polite' }, '0 characters · GSM-7 · 0 SMS parts');
  message.addEventListener('input', () => {
    const counted = smsLength(message.value);
    length.textContent = `${counted.characters} characters · ${counted.encoding} · ${counted.parts} SMS part${counted.parts === 1 ? '' : 's'}`;
  });
  const summary = el('div', { class: 'summary', id: 'broadcast-summary', 'aria-live': 'polite' });
  const verdict = notice('broadcast-verdict');
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
    el('dt', {}, 'Cost'), el('dd', { id: 'summary-cost' }, cost.total ? `${cost.currency || ''} ${cost.total}${cost.balance ? ` of a balance of ${cost.balance}` : ''}${cost.covered === false ? ' (NOT covered)' : ''}` : `unknown${plan.costError ? `: ${plan.costError}` : ''}`),
    el('dt', {}, 'Time'), el('dd', {}, plan.estimatedSeconds !== undefined ? `about ${Math.ceil(plan.estimatedSeconds)} s` : '—'),
    plan.quietHours && plan.quietHours.window ? [
      el('dt', {}, 'Last SMS'),
      el('dd', { id: 'summary-last-sms' }, `about ${plan.lastSendAt || '—'}, counting the quiet hours (sent from `
        + `${plan.quietHours.window.start} to ${plan.quietHours.window.end} in each recipient's local time)`),
    ] : null));
}

/** Stops following a broadcast (another tab, or signed out). */
export function stopProgress() {
  unfollowBroadcast();
}

// Built once per broadcast and updated in place as the service pushes it, so that focus stays on its buttons and
// only a change of state is announced.
function followProgress(id, node) {
  const state = el('span', { id: 'broadcast-state', role: 'status' });
  const bar = el('progress', { max: 1, value: 0, 'aria-label': 'Settled so far' });
  const counted = el('p', { id: 'broadcast-counts' });
  const actions = el('div', { class: 'actions' });
  replace(node, el('h3', {}, `Broadcast ${id}: `, state), bar, counted, actions);
  let shownActions = '';
  const show = (broadcast) => {
    if (broadcast.error) {
      counted.textContent = broadcast.error.message;
      return;
    }
    const counts = broadcast.messages || {};
    const total = broadcast.toSend || 1;
    if (state.textContent !== broadcast.state) state.textContent = broadcast.state;
    bar.max = total;
    bar.value = Math.min(broadcast.settled ?? 0, total);
    counted.textContent = Object.entries(counts).filter(([, count]) => count > 0).map(([name, count]) => `${count} ${name}`).join(' · ') || 'nothing yet';
    const wanted = [];
    if (broadcast.state === 'running' || broadcast.state === 'writing') wanted.push(['broadcast.pause', 'Pause']);
    if (broadcast.state === 'paused') wanted.push(['broadcast.resume', 'Resume']);
    if (!['finished', 'cancelled'].includes(broadcast.state)) wanted.push(['broadcast.cancel', 'Cancel']);
    if ((counts.failed || 0) + (counts.expired || 0) > 0) wanted.push(['broadcast.retryFailed', 'Resend to failed']);
    const key = wanted.map(([method]) => method).join();
    if (key !== shownActions) {
      shownActions = key;
      replace(actions, wanted.map(([method, label]) => el('button', { type: 'button', class: 'secondary', id: `broadcast-${method.split('.')[1]}`, onclick: async () => {
        try {
          await rpc(method, { id });
        } catch (error) {
          counted.textContent = error instanceof RPCError ? error.words : String(error);
        }
      } }, label)));
    }
  };
  followBroadcast(id, show);
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
