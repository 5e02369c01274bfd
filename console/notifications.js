// Admin and Customer Notification Settings: the nine events with their switches and the seed's hints, the
// admins' numbers (each checked, its reason shown), and a template editor per event with the keyword list
// (click to insert) and a live preview: text, characters, encoding, parts, an unknown keyword underlined with
// the keyword it most likely meant.
import { rpc, RPCError } from './rpc.js';
import { debounce, el, field, notice, replace, say, toggle } from './ui.js';

const hints = {
  'store/cart/abandoned': 'Fires when a cart has no changes made for at least one hour after the last modified property.',
  'store/order/archived': 'Fires when an order is archived.',
  'store/order/created': 'Fires when an order is created (also for incomplete orders).',
  'store/order/updated': 'Fires when an order is updated.',
  'store/order/message/created': 'Fires when an order message is created by the customer or in the control panel.',
  'store/order/refund/created': 'Fires when a refund is created for an order.',
  'store/shipment/created': 'Fires when a shipment is created.',
  'store/shipment/deleted': 'Fires when a shipment is deleted.',
  'store/shipment/updated': 'Fires when a shipment is updated.',
};

/** Renders the tab of `audience` ('admin' or 'customer') into `panel`. */
export async function renderNotifications(panel, audience) {
  const settings = (await rpc('notifications.get', { audience }))[audience];
  const title = audience === 'admin' ? 'Admin Notification Settings' : 'Customer Notification Settings';
  const verdict = notice(`${audience}-verdict`);
  const rows = [];
  const list = el('div', { class: 'events' });
  for (const [scope, setting] of Object.entries(settings.events)) {
    const row = eventRow(audience, scope, setting);
    rows.push(row);
    list.append(row.node);
  }
  let numbers = null;
  if (audience === 'admin') numbers = adminNumbers(settings.adminNumbers || []);
  const save = async (event) => {
    event.preventDefault();
    const events = {};
    for (const row of rows) Object.assign(events, row.change());
    const params = { audience, events };
    if (numbers) params.adminNumbers = numbers.input.value;
    try {
      await rpc('notifications.configure', params);
      say(verdict, 'Saved.', 'ok');
    } catch (error) {
      say(verdict, error instanceof RPCError ? error.words : String(error), 'error');
    }
  };
  replace(panel,
    el('h2', {}, title),
    el('form', { id: `${audience}-form`, onsubmit: save, novalidate: true },
      el('h3', {}, 'Send Notification On'), list,
      numbers ? numbers.node : null,
      el('div', { class: 'actions' }, el('button', { type: 'submit', id: `${audience}-save` }, 'Save configuration')),
      verdict));
}

function eventRow(audience, scope, setting) {
  const id = `${audience}-${scope.replaceAll('/', '-')}`;
  const enabled = toggle(setting.title, setting.enabled, hints[scope]);
  enabled.input.id = `${id}-enabled`;
  enabled.wrapper.querySelector('label').setAttribute('for', enabled.input.id);
  const template = el('textarea', { id: `${id}-template`, rows: 3, maxlength: 1600 }, setting.template);
  const preview = el('div', { class: 'preview', id: `${id}-preview`, 'aria-live': 'polite' });
  const keywords = el('div', { class: 'keywords', id: `${id}-keywords` });
  let statusOnly = null;
  if (setting.statusChangesOnly !== undefined) {
    statusOnly = toggle('Only when the order\u2019s status changed', setting.statusChangesOnly);
    statusOnly.input.id = `${id}-status-only`;
    statusOnly.wrapper.querySelector('label').setAttribute('for', statusOnly.input.id);
  }
  const render = debounce(() => showPreview(scope, template.value, preview), 200);
  template.addEventListener('input', render);
  const editor = el('details', { class: 'editor', id: `${id}-editor` },
    el('summary', {}, `Message for ${setting.title}`),
    field(`Message for ${setting.title}`, template, 'Customize the SMS with the keywords below: click one to insert it.'),
    keywords, preview, statusOnly ? statusOnly.wrapper : null);
  editor.addEventListener('toggle', () => {
    if (editor.open && !keywords.childElementCount) showKeywords(scope, template, keywords, render);
    if (editor.open) render();
  }, { once: false });
  const node = el('div', { class: 'event' }, enabled.wrapper, editor);
  return {
    node,
    change() {
      const change = { enabled: enabled.input.checked };
      if (template.value !== setting.template) change.template = template.value;
      if (statusOnly && statusOnly.input.checked !== setting.statusChangesOnly) change.statusChangesOnly = statusOnly.input.checked;
      return { [scope]: change };
    },
  };
}

async function showKeywords(scope, template, node, render) {
  try {
    const catalog = await rpc('template.keywords', { event: scope });
    replace(node, el('p', { class: 'help' }, 'Keywords:'), el('div', { class: 'keyword-list' },
      catalog.keywords.map((keyword) => el('button', {
        type: 'button', class: 'keyword', title: `${keyword.description} (e.g. ${keyword.sample})`,
        onclick: () => {
          const start = template.selectionStart ?? template.value.length;
          const end = template.selectionEnd ?? start;
          template.setRangeText(keyword.keyword, start, end, 'end');
          template.focus();
          render();
        },
      }, keyword.keyword))));
  } catch (error) {
    replace(node, el('p', { class: 'error' }, error instanceof RPCError ? error.words : String(error)));
  }
}

async function showPreview(scope, text, node) {
  try {
    const rendered = await rpc('template.render', { event: scope, template: text });
    replace(node,
      el('p', { class: 'rendered' }, rendered.text || '(empty)'),
      el('p', { class: 'counts' },
        `${rendered.characters} characters · ${rendered.encoding} · ${rendered.parts} SMS part${rendered.parts === 1 ? '' : 's'}`,
        rendered.sampleData ? ' · with sample data' : ''));
  } catch (error) {
    if (!(error instanceof RPCError) || error.data.field !== 'template' || !error.data.position) {
      replace(node, el('p', { class: 'error' }, error instanceof RPCError ? error.words : String(error)));
      return;
    }
    // Underline the keyword that starts at the reported position (1-based, in characters as people see them).
    const characters = typeof Intl.Segmenter === 'function'
      ? Array.from(new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text), (part) => part.segment)
      : Array.from(text);
    const start = error.data.position - 1;
    let end = characters.indexOf('}', start);
    end = end < 0 ? characters.length : end + 1;
    replace(node,
      el('p', { class: 'rendered' }, characters.slice(0, start).join(''),
        el('mark', { class: 'unknown' }, characters.slice(start, end).join('')), characters.slice(end).join('')),
      el('p', { class: 'error', role: 'alert' }, `${error.data.reason}.`,
        error.data.suggestion ? ` Did you mean {${error.data.suggestion}}?` : ''));
  }
}

function adminNumbers(stored) {
  const input = el('input', { id: 'admin-numbers', type: 'text', autocomplete: 'off', inputmode: 'tel',
    value: stored.map((number) => number.typed).join(' ') });
  const checks = el('ul', { class: 'checks', id: 'admin-numbers-checks', 'aria-live': 'polite' });
  const check = debounce(async () => {
    const numbers = input.value.split(/\s+/).filter(Boolean).slice(0, 50);
    const results = await Promise.all(numbers.map((number) =>
      rpc('phone.validate', { number, audience: 'admin' }).catch((error) => ({ number, valid: false, reason: error.words || String(error) }))));
    replace(checks, results.map((result) => el('li', { class: result.valid === false ? 'bad' : result.valid ? 'good' : 'unchecked' },
      `${result.number}: `, result.valid === false ? result.reason : result.valid === null ? 'not checked (no default country)' : `sends to ${result.gatewayNumber}`)));
  }, 300);
  input.addEventListener('input', check);
  check();
  return {
    input,
    node: el('div', { class: 'sub' }, field('Mobile Number', input,
      'Mobile numbers to receive SMS notifications. For multiple receivers, use space as delimiter (e.g. 60123456789 60123456666).'),
      checks),
  };
}
