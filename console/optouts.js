// Opt-outs: the numbers broadcasts skip, each with who asked and why; add one with its reason, remove one (it
// gets broadcasts again), and whether opted-out numbers also miss the customers' event SMS.
import { rpc, RPCError } from './rpc.js';
import { el, field, notice, replace, say, toggle } from './ui.js';

const pageSize = 20;

/** Renders the tab into `panel`. */
export async function renderOptOuts(panel) {
  let page = 1;
  const number = el('input', { id: 'optout-number', type: 'tel', autocomplete: 'off', placeholder: '60123456789' });
  const reason = el('input', { id: 'optout-reason', type: 'text', maxlength: 500, placeholder: 'Replied STOP' });
  const verdict = notice('optout-verdict');
  const list = el('tbody', { id: 'optout-rows' });
  const showing = el('p', { id: 'optout-showing', 'aria-live': 'polite' });
  const pages = el('nav', { class: 'pages', 'aria-label': 'Pages' });
  const first = await rpc('optOut.list', { page, pageSize });
  const events = toggle('Opted-out numbers also miss the customers\u2019 event SMS', first.appliesToEvents,
    'Off: an opt-out is from broadcasts only; order SMS still reach the customer.');
  events.wrapper.id = 'optout-applies-to-events';
  events.input.addEventListener('change', async () => {
    try {
      await rpc('optOut.configure', { appliesToEvents: events.input.checked });
      say(verdict, events.input.checked ? 'Opted-out numbers now miss event SMS too.' : 'Opt-outs now apply to broadcasts only.', 'ok');
    } catch (error) {
      events.input.checked = !events.input.checked;
      say(verdict, error instanceof RPCError ? error.words : String(error), 'error');
    }
  });

  const show = (listed) => {
    replace(list, listed.numbers.map((row) => el('tr', { 'data-number': row.number },
      el('td', { 'data-label': 'Number' }, row.typed || row.number),
      el('td', { 'data-label': 'Source' }, row.source),
      el('td', { 'data-label': 'Reason' }, row.note || ''),
      el('td', { 'data-label': 'Since' }, row.createdAt),
      el('td', {}, el('button', { type: 'button', class: 'secondary', 'aria-label': `Remove ${row.number}`,
        onclick: () => remove(row.number) }, 'Remove')))));
    if (!listed.numbers.length) list.append(el('tr', {}, el('td', { colspan: 5 }, 'No number has opted out.')));
    const last = Math.max(1, Math.ceil(listed.total / pageSize));
    showing.textContent = `${listed.total} number${listed.total === 1 ? '' : 's'} opted out`;
    replace(pages,
      el('button', { type: 'button', class: 'secondary', disabled: page <= 1, onclick: () => { page -= 1; load(); } }, 'Previous'),
      el('span', {}, ` Page ${page} of ${last} `),
      el('button', { type: 'button', class: 'secondary', disabled: page >= last, onclick: () => { page += 1; load(); } }, 'Next'));
  };
  const load = async () => {
    try {
      show(await rpc('optOut.list', { page, pageSize }));
    } catch (error) {
      say(verdict, error instanceof RPCError ? error.words : String(error), 'error');
    }
  };
  const add = async (event) => {
    event.preventDefault();
    try {
      const added = await rpc('optOut.add', { number: number.value.trim(), note: reason.value.trim() || undefined });
      say(verdict, `${added.number} opted out: broadcasts skip it from now on.`, 'ok');
      number.value = '';
      reason.value = '';
      page = 1;
      await load();
    } catch (error) {
      say(verdict, error instanceof RPCError ? error.words : String(error), 'error');
      number.focus();
    }
  };
  const remove = async (digits) => {
    try {
      const done = await rpc('optOut.remove', { number: digits });
      say(verdict, done.removed ? `${digits} removed: broadcasts reach it again.` : `${digits} was not opted out.`, 'ok');
      await load();
    } catch (error) {
      say(verdict, error instanceof RPCError ? error.words : String(error), 'error');
    }
  };

  replace(panel,
    el('h2', {}, 'Opt-outs'),
    el('p', { class: 'help' }, 'Numbers that asked not to get your broadcasts. Each broadcast skips them, and its history says why.'),
    el('form', { id: 'optout-form', onsubmit: add, novalidate: true },
      field('Number', number, 'With its country code, as the SMS are sent.'),
      field('Reason', reason, 'Optional: why, e.g. "Replied STOP" or "Asked by phone".'),
      el('div', { class: 'actions' }, el('button', { type: 'submit', id: 'optout-add' }, 'Opt out'))),
    verdict, events.wrapper,
    el('table', { id: 'optout-table' },
      el('caption', { class: 'visually-hidden' }, 'Opted-out numbers'),
      el('thead', {}, el('tr', {}, ['Number', 'Source', 'Reason', 'Since', ''].map((name) => el('th', { scope: 'col' }, name)))),
      list),
    showing, pages);
  show(first);
}
