// The outbox: where sending stands (queued, sending, sent in the last minute, paused or held and why), and for
// the service's operator its pace (rate, concurrency, retries) and pause and resume with a reason.
import { pageSession, rpc, RPCError } from './rpc.js';
import { el, field, notice, pauseWords, replace, say } from './ui.js';

/** Renders the tab into `panel`. */
export async function renderOutbox(panel) {
  const status = await rpc('outbox.status');
  const settings = status.settings;
  const verdict = notice('outbox-verdict');
  const state = el('p', { id: 'outbox-state', role: 'status' });
  const showState = (current) => {
    const counts = current.counts || {};
    const words = pauseWords(current.pausedReason);
    state.textContent = (current.paused ? words.charAt(0).toUpperCase() + words.slice(1) : 'Sending')
      + ` · ${counts.queued || 0} queued · ${counts.sending || 0} sending · ${current.sentLastMinute} sent in the last minute`
      + (current.oldestQueuedAgeSeconds ? ` · the oldest has waited ${Math.round(current.oldestQueuedAgeSeconds)} s` : '');
  };
  showState(status);
  const operator = !pageSession;
  const number = (id, value, attributes) => el('input', { id, type: 'number', value: String(value), ...attributes });
  const rate = number('outbox-rate', settings.ratePerSecond, { min: '0.1', max: '10000', step: 'any' });
  const concurrency = number('outbox-concurrency', settings.concurrency, { min: '1', max: '1024', step: '1' });
  const attempts = number('outbox-max-attempts', settings.maxAttempts, { min: '1', max: '100', step: '1' });
  const reason = el('input', { id: 'outbox-pause-reason', type: 'text', maxlength: 200, placeholder: 'Price change, resend tomorrow' });
  for (const input of [rate, concurrency, attempts, reason]) input.disabled = !operator;
  const refresh = async () => showState(await rpc('outbox.status'));
  const act = async (method, params, words) => {
    try {
      await rpc(method, params);
      say(verdict, words, 'ok');
      await refresh();
      document.dispatchEvent(new CustomEvent('console-changed'));
    } catch (error) {
      say(verdict, error instanceof RPCError ? error.words : String(error), 'error');
    }
  };
  const save = (event) => {
    event.preventDefault();
    act('outbox.configure', { ratePerSecond: Number(rate.value), concurrency: Number(concurrency.value), maxAttempts: Number(attempts.value) },
      'Saved: the sender uses it at once.');
  };
  replace(panel,
    el('h2', {}, 'Outbox'),
    el('p', { class: 'help' }, 'Every SMS waits here until the gateway takes it, sent at the pace below; nothing queued is lost when it is paused.'),
    state, verdict,
    operator ? null : el('p', { class: 'muted' }, 'The service\u2019s operator sets the pace and pauses the outbox.'),
    el('form', { id: 'outbox-form', onsubmit: save, novalidate: true },
      field('SMS per second', rate, 'At most this many requests to the gateway each second (MoceanAPI throttles above your plan\u2019s rate).'),
      field('At once', concurrency, 'Requests in flight at most.'),
      field('Tries', attempts, 'Tries in all for a passing failure (network, throttling) before the SMS fails.'),
      el('div', { class: 'actions' }, el('button', { type: 'submit', id: 'outbox-save', disabled: !operator }, 'Save'))),
    el('h3', {}, 'Pause'),
    el('form', { id: 'outbox-pause-form', novalidate: true, onsubmit: (event) => event.preventDefault() },
      field('Reason', reason, 'Optional: why, shown here and in the status strip until it is resumed.'),
      el('div', { class: 'actions' },
        el('button', { type: 'button', id: 'outbox-pause', class: 'secondary', disabled: !operator,
          onclick: () => act('outbox.pause', { reason: reason.value.trim() || undefined }, 'Paused: nothing more is sent until you resume.') }, 'Pause sending'),
        el('button', { type: 'button', id: 'outbox-resume', disabled: !operator,
          onclick: () => act('outbox.resume', {}, 'Resumed.') }, 'Resume sending'))));
}
