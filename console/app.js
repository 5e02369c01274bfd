// The console's entry: sign-in (when the service has a token), the five tabs of the seed in its order
// (keyboard: arrow keys, Home and End move between tabs), the status strip.
import { renderAccount } from './account.js';
import { renderBroadcast, stopProgress } from './broadcast.js';
import { renderHistory } from './history.js';
import { renderNotifications } from './notifications.js';
import { RPCError } from './rpc.js';
import { startStatus, stopStatus } from './status.js';
import { el, replace } from './ui.js';

const tabs = {
  account: renderAccount,
  admin: (panel) => renderNotifications(panel, 'admin'),
  customer: (panel) => renderNotifications(panel, 'customer'),
  broadcast: renderBroadcast,
  history: renderHistory,
};

async function session() {
  const response = await fetch('/console/session', { credentials: 'same-origin' });
  return response.json();
}

function showSignIn() {
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

function start(signedIn, focus = false) {
  document.getElementById('sign-in').hidden = true;
  document.getElementById('app').hidden = false;
  document.getElementById('sign-out').hidden = !signedIn;
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
document.addEventListener('console-signed-out', showSignIn);
wireTabs();
try {
  const state = await session();
  if (state.tokenRequired && !state.signedIn) showSignIn();
  else start(state.tokenRequired);
} catch (failure) {
  document.body.append(el('p', { class: 'error', role: 'alert' }, `The service cannot be reached: ${failure.message}`));
}
