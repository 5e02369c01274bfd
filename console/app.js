// The console's entry: sign-in (when the service has a token), the five tabs of the store's settings and history
// in their usual order, then opt-outs and the outbox
// (keyboard: arrow keys, Home and End move between tabs), the status strip.
import { renderAccount } from './account.js';
import { renderBroadcast, stopProgress } from './broadcast.js';
import { renderHistory } from './history.js';
import { renderNotifications } from './notifications.js';
import { renderOptOuts } from './optouts.js';
import { renderOutbox } from './outbox.js';
import { RPCError, chooseStore, pageSession, rpc } from './rpc.js';
import { startStatus, stopStatus } from './status.js';
import { el, replace } from './ui.js';

const tabs = {
  account: renderAccount,
  admin: (panel) => renderNotifications(panel, 'admin'),
  customer: (panel) => renderNotifications(panel, 'customer'),
  broadcast: renderBroadcast,
  history: renderHistory,
  optouts: renderOptOuts,
  outbox: renderOutbox,
};

async function session() {
  const response = await fetch('/console/session', { credentials: 'same-origin' });
  return response.json();
}

function showSignIn() {
  if (pageSession) {
    showEnded();
    return;
  }
  stopStatus();
  stopProgress();
  document.getElementById('app').hidden = true;
  document.getElementById('sign-out').hidden = true;
  document.getElementById('sign-in').hidden = false;
  document.getElementById('sign-in-token').focus();
}

async function signIn(event) {
  event.preventDefault();
  const input = document.getElementById('sign-in-token');
  const error = document.getElementById('sign-in-error');
  error.textContent = '';
  let response;
  try {
    response = await fetch('/console/session', {
      method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token: input.value }),
    });
  } catch (failure) {
    error.textContent = `The service cannot be reached: ${failure.message}`;
    return;
  }
  input.value = '';
  if (!response.ok) {
    const answer = await response.json().catch(() => ({}));
    error.textContent = answer.error ? answer.error.message : `HTTP ${response.status}`;
    input.focus();
    return;
  }
  start(true, true);
}

// A console opened from a store's control panel whose session ended: no token sign-in here, the control
// panel opens a new session.
function showEnded() {
  stopStatus();
  stopProgress();
  document.getElementById('app').hidden = true;
  const notice = document.getElementById('console-notice');
  notice.textContent = 'This session has ended: open the app again from your store\'s control panel.';
  notice.hidden = false;
}

// The operator's store picker: shown when the service holds more than one store; the choice is kept for the
// browser's tab only.
async function showStorePicker() {
  const picker = document.getElementById('store-picker');
  const label = document.getElementById('store-picker-label');
  let stores = [];
  let after;
  do {
    const page = await rpc('stores.list', after === undefined ? { limit: 500 } : { limit: 500, after });
    stores = stores.concat(page.stores);
    after = page.next;
  } while (after !== undefined && after !== null && stores.length < 5000);
  if (stores.length < 2) {
    label.hidden = true;
    await chooseStore(null);
    return;
  }
  const kept = Number(sessionStorage.getItem('console-store'));
  const chosen = stores.find((store) => store.id === kept) || stores[0];
  replace(picker, ...stores.map((store) => el('option', { value: String(store.id) },
    `${store.storeName || (store.storeHash ? `stores/${store.storeHash}` : `Store ${store.id}`)}`
      + `${store.state === 'uninstalled' ? ' (uninstalled)' : ''}`)));
  picker.value = String(chosen.id);
  await chooseStore(chosen.id);
  label.hidden = false;
}

async function pickStore() {
  const id = Number(document.getElementById('store-picker').value);
  sessionStorage.setItem('console-store', String(id));
  await chooseStore(id);
  document.dispatchEvent(new CustomEvent('console-changed'));
  select(location.hash.slice(1));
}

async function signOut() {
  await fetch('/console/session', { method: 'DELETE', credentials: 'same-origin' }).catch(() => {});
  showSignIn();
}

async function select(name, focus = false) {
  if (!Object.hasOwn(tabs, name)) name = 'account';
  stopProgress();
  for (const key of Object.keys(tabs)) {
    const tab = document.getElementById(`tab-${key}`);
    const panel = document.getElementById(`panel-${key}`);
    const selected = key === name;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
    panel.hidden = !selected;
  }
  if (focus) document.getElementById(`tab-${name}`).focus();
  if (location.hash !== `#${name}`) history.replaceState(null, '', `#${name}`);
  const panel = document.getElementById(`panel-${name}`);
  replace(panel, el('p', { class: 'muted' }, 'Loading…'));
  try {
    await tabs[name](panel);
  } catch (error) {
    replace(panel, el('p', { class: 'error', role: 'alert' }, error instanceof RPCError ? error.words : String(error)));
  }
}

async function start(signedIn, focus = false) {
  document.getElementById('sign-in').hidden = true;
  document.getElementById('sign-out').hidden = !signedIn;
  if (pageSession) {
    const notice = document.querySelector('meta[name="console-notice"]')?.content;
    if (notice) {
      document.getElementById('console-notice').textContent = notice;
      document.getElementById('console-notice').hidden = false;
    }
  } else {
    try {
      await showStorePicker();
    } catch (error) {
      if (error instanceof RPCError && error.code === 401) return;
    }
  }
  document.getElementById('app').hidden = false;
  startStatus(document.getElementById('status-strip'));
  select(location.hash.slice(1), focus);
}

function wireTabs() {
  const names = Object.keys(tabs);
  for (const name of names) {
    const tab = document.getElementById(`tab-${name}`);
    tab.addEventListener('click', () => select(name));
    tab.addEventListener('keydown', (event) => {
      const index = names.indexOf(name);
      const next = { ArrowRight: index + 1, ArrowDown: index + 1, ArrowLeft: index - 1, ArrowUp: index - 1, Home: 0,
        End: names.length - 1 }[event.key];
      if (next === undefined) return;
      event.preventDefault();
      select(names[(next + names.length) % names.length], true);
    });
  }
}

document.getElementById('sign-in-form').addEventListener('submit', signIn);
document.getElementById('sign-out').addEventListener('click', signOut);
document.getElementById('store-picker').addEventListener('change', pickStore);
document.addEventListener('console-signed-out', showSignIn);
wireTabs();
try {
  if (pageSession) {
    start(false);
  } else {
    const state = await session();
    if (state.tokenRequired && !state.signedIn) showSignIn();
    else start(state.tokenRequired);
  }
} catch (failure) {
  document.body.append(el('p', { class: 'error', role: 'alert' }, `The service cannot be reached: ${failure.message}`));
}
