// The strip above the tabs: the balance (with a banner while it is below the store's alert), the outbox (queued,
// sending, paused or held and why), the store's connection, and whether the live stream is up. Pushed by the
// service over /console/live: nothing is polled.
import { connection, reconnect, startLive, stopLive } from './live.js';
import { el, pauseWords, replace } from './ui.js';

/** The store's name the page was opened for (from a store's control panel), if any. */
const storeLabel = document.querySelector('meta[name="console-store"]')?.content || null;
let strip = null;
let last = null;

// Settings changed in a tab (another store picked, credentials saved): a fresh stream sends everything again.
document.addEventListener('console-changed', () => {
  if (strip) reconnect();
});
document.addEventListener('console-live', () => {
  if (strip && last) show(strip, last);
});

/** Shows the strip in `node`, kept up to date by the service's pushes. */
export function startStatus(node) {
  strip = node;
  last = null;
  replace(node, el('span', { class: 'chip', id: 'strip-live' }, 'Connecting…'));
  startLive((status) => {
    last = status;
    show(node, status);
  });
}

/** Stops (signed out). */
export function stopStatus() {
  strip = null;
  stopLive();
}

function money(value, code) {
  return code ? `${code} ${value}` : String(value);
}

function show(node, status) {
  const outbox = status.outbox && !status.outbox.error ? status.outbox : { counts: {} };
  const counts = outbox.counts || {};
  const balance = status.balance && !status.balance.error ? status.balance : null;
  const store = status.store || {};
  const state = outbox.heldForBalanceSince
    ? `held for the balance: ${counts.queued || 0} SMS wait since ${outbox.heldForBalanceSince}`
    : outbox.paused ? pauseWords(outbox.pausedReason) : 'sending';
  const alert = status.lowBalanceAlert && status.lowBalanceAlert.low ? status.lowBalanceAlert : null;
  const banner = alert
    ? el('span', { class: 'chip warn', id: 'strip-low-balance', role: 'alert' },
      `Balance low: ${money(alert.lastBalance, alert.lastCurrency || alert.currency)}, below your alert at `
        + `${money(alert.below, alert.currency || alert.lastCurrency)}. Top up your MoceanAPI account.`)
    : null;
  replace(node, banner,
    el('span', { class: 'chip', id: 'strip-balance' }, 'Credit balance ', el('strong', {}, balance ? balance.display : '—')),
    el('span', { class: `chip ${outbox.paused ? 'warn' : ''}`, id: 'strip-outbox' },
      `Outbox ${state} · ${counts.queued || 0} queued · ${counts.sending || 0} sending · ${counts.failed || 0} failed`),
    el('span', { class: `chip ${store.connected ? '' : 'warn'}`, id: 'strip-store' },
      store.connected ? `Store ${store.storeName || storeLabel || store.storeHash} connected` : 'No store connected'),
    el('span', { class: `chip ${connection === 'live' ? '' : 'warn'}`, id: 'strip-live', title: 'Updates pushed by the service' },
      connection === 'live' ? 'Live' : 'Reconnecting…'));
}
