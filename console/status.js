// The strip above the tabs: the balance, the outbox (queued, sending, paused and why) and the store's connection.
import { rpc } from './rpc.js';
import { el, replace } from './ui.js';

let timer;

/** Shows the strip in `node` and refreshes it every few seconds. */
export function startStatus(node) {
  clearInterval(timer);
  const refresh = () => showStatus(node).catch(() => {});
  refresh();
  timer = setInterval(refresh, 5000);
  document.addEventListener('console-changed', refresh);
}

async function showStatus(node) {
  const [outbox, store] = await Promise.all([rpc('outbox.status'), rpc('store.get')]);
  let balance = null;
  try {
    balance = await rpc('account.balance');
  } catch {
    balance = null;
  }
  const counts = outbox.counts || {};
  const state = outbox.paused ? `paused${outbox.pausedReason ? `: ${outbox.pausedReason}` : ''}` : 'sending';
  replace(node,
    el('span', { class: 'chip', id: 'strip-balance' }, 'Credit balance ', el('strong', {}, balance ? balance.display : '—')),
    el('span', { class: `chip ${outbox.paused ? 'warn' : ''}`, id: 'strip-outbox' },
      `Outbox ${state} · ${counts.queued || 0} queued · ${counts.sending || 0} sending · ${counts.failed || 0} failed`),
    el('span', { class: `chip ${store.connected ? '' : 'warn'}`, id: 'strip-store' },
      store.connected ? `Store ${store.storeName || store.storeHash} connected` : 'No store connected'));
}
