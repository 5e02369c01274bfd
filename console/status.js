// The strip above the tabs: the balance, the outbox (queued, sending, paused and why) and the store's connection.
import { rpc } from './rpc.js';
import { el, replace } from './ui.js';

/** The store's name the page was opened for (from a store's control panel), if any. */
const storeLabel = document.querySelector('meta[name="console-store"]')?.content || null;
let timer;
let strip;
let balance = null;
let balanceAskedAt = 0;

// Settings changed in a tab: the strip (and the balance) at once.
document.addEventListener('console-changed', () => {
  balanceAskedAt = 0;
  if (strip) showStatus(strip).catch(() => {});
});

/** Shows the strip in `node` and refreshes it every 5 seconds (the balance, which asks the gateway, every minute). */
export function startStatus(node) {
  stopStatus();
  strip = node;
  const refresh = () => showStatus(node).catch(() => {});
  refresh();
  timer = setInterval(refresh, 5000);
}

/** Stops refreshing (signed out). */
export function stopStatus() {
  clearInterval(timer);
  strip = null;
}

async function showStatus(node) {
  const [outbox, store, account] = await Promise.all([rpc('outbox.status'), rpc('store.get'), rpc('account.get')]);
  if (Date.now() - balanceAskedAt > 60000) {
    balanceAskedAt = Date.now();
    balance = await rpc('account.balance').catch(() => null);
  }
  const counts = outbox.counts || {};
  const state = outbox.heldForBalanceSince
    ? `held for the balance: ${counts.queued || 0} SMS wait since ${outbox.heldForBalanceSince}`
    : outbox.paused ? `paused${outbox.pausedReason ? `: ${outbox.pausedReason}` : ''}` : 'sending';
  const alert = account.lowBalanceAlert && account.lowBalanceAlert.low ? account.lowBalanceAlert : null;
  const money = (value, code) => (code ? `${code} ${value}` : String(value));
  const banner = alert
    ? el('span', { class: 'chip warn', id: 'strip-low-balance', role: 'alert' },
      `Balance low: ${money(alert.lastBalance, alert.lastCurrency || alert.currency)}, below your alert at `
        + `${money(alert.below, alert.currency || alert.lastCurrency)}. Top up your MoceanAPI account.`)
    : null;
  const text = `${balance ? balance.display : ''}|${state}|${JSON.stringify(counts)}|${store.connected}|${store.storeName}|${banner ? banner.textContent : ''}`;
  if (node.dataset.shown === text) return;
  node.dataset.shown = text;
  replace(node, banner,
    el('span', { class: 'chip', id: 'strip-balance' }, 'Credit balance ', el('strong', {}, balance ? balance.display : '—')),
    el('span', { class: `chip ${outbox.paused ? 'warn' : ''}`, id: 'strip-outbox' },
      `Outbox ${state} · ${counts.queued || 0} queued · ${counts.sending || 0} sending · ${counts.failed || 0} failed`),
    el('span', { class: `chip ${store.connected ? '' : 'warn'}`, id: 'strip-store' },
      store.connected ? `Store ${store.storeName || storeLabel || store.storeHash} connected` : 'No store connected'));
}
