// Account Configuration: the gateway account (balance at the top when the credentials are right), the
// countries and phone policy, the store connection with its webhooks, and the history's export.
import { countries, label, noChecking, parse } from './countries.js';
import { rpc, RPCError } from './rpc.js';
import { download, el, field, notice, replace, say, toggle } from './ui.js';

function secretPlaceholder(secret) {
  if (!secret || !secret.set) return 'not set';
  return secret.last4 ? `set (…${secret.last4}); type to replace` : 'set; type to replace';
}

function countryPicker(id, code) {
  const input = el('input', { id, type: 'text', list: 'country-list', autocomplete: 'off', value: label(code),
    placeholder: 'No checking' });
  return input;
}

/** Renders the tab into `panel`. */
export async function renderAccount(panel) {
  const [account, store] = await Promise.all([rpc('account.get'), rpc('store.get')]);
  const balance = el('p', { class: 'balance', id: 'account-balance' }, 'Credit balance: —');
  const refreshBalance = async () => {
    try {
      const found = await rpc('account.balance');
      replace(balance, 'Credit balance ', el('strong', {}, found.display));
    } catch (error) {
      replace(balance, 'Credit balance: ', el('span', { class: 'muted' }, error instanceof RPCError ? error.words : String(error)));
    }
  };
  const apiKey = el('input', { id: 'account-api-key', type: 'text', autocomplete: 'off', value: account.apiKey || '' });
  const apiSecret = el('input', { id: 'account-api-secret', type: 'password', autocomplete: 'new-password',
    placeholder: secretPlaceholder(account.apiSecret) });
  const sender = el('input', { id: 'account-sender', type: 'text', maxlength: 15, value: account.sender || '' });
  const gatewayUrl = el('input', { id: 'account-gateway-url', type: 'url', value: account.gatewayUrl || '' });
  const adminCountry = countryPicker('account-admin-country', account.adminCountry);
  const customerCountry = countryPicker('account-customer-country', account.customerCountry);
  const foreign = toggle('Allow numbers of other countries', account.allowForeignNumbers,
    'Off: a number of another country than the default one is refused.');
  const smsOnly = toggle('Only numbers that can receive SMS', account.smsCapableOnly,
    'Landlines, toll-free and similar numbers are refused.');
  const alert = account.lowBalanceAlert;
  const alertBelow = el('input', { id: 'account-alert-below', type: 'number', min: '0', step: 'any',
    value: alert ? String(alert.below) : '', placeholder: 'No alert' });
  const alertCurrency = el('input', { id: 'account-alert-currency', type: 'text', maxlength: 3,
    value: alert && alert.currency ? alert.currency : '', placeholder: 'The account’s' });
  const verdict = notice('account-verdict');
  const datalist = el('datalist', { id: 'country-list' }, el('option', { value: noChecking }),
    countries.map((country) => el('option', { value: `${country.code} — ${country.name}` })));

  const save = async (event) => {
    event.preventDefault();
    const params = {};
    if (apiKey.value.trim() !== (account.apiKey || '')) params.apiKey = apiKey.value.trim() || null;
    if (apiSecret.value) params.apiSecret = apiSecret.value;
    if (sender.value.trim() !== (account.sender || '')) params.sender = sender.value.trim() || null;
    if (gatewayUrl.value.trim() !== (account.gatewayUrl || '')) params.gatewayUrl = gatewayUrl.value.trim() || null;
    for (const [name, input] of [['adminCountry', adminCountry], ['customerCountry', customerCountry]]) {
      const code = parse(input.value);
      if (code === undefined) {
        say(verdict, `${name}: "${input.value}" is not a country: pick one from the list, or leave it empty for no checking`, 'error');
        input.focus();
        return;
      }
      if (code !== (account[name] || null)) params[name] = code;
    }
    if (foreign.input.checked !== account.allowForeignNumbers) params.allowForeignNumbers = foreign.input.checked;
    if (smsOnly.input.checked !== account.smsCapableOnly) params.smsCapableOnly = smsOnly.input.checked;
    const below = alertBelow.value.trim();
    const currency = alertCurrency.value.trim().toUpperCase() || null;
    const current = account.lowBalanceAlert;
    if (!below && current) params.lowBalanceAlert = null;
    if (below && (!current || Number(below) !== current.below || currency !== current.currency)) {
      params.lowBalanceAlert = { below: Number(below), currency };
    }
    try {
      const saved = await rpc('account.set', params);
      Object.assign(account, saved.account);
      adminCountry.value = label(saved.account.adminCountry);
      customerCountry.value = label(saved.account.customerCountry);
      apiSecret.value = '';
      apiSecret.placeholder = secretPlaceholder(saved.account.apiSecret);
      const credentials = saved.credentials;
      if (credentials.status === 'valid') {
        say(verdict, `Saved. The gateway accepted the credentials${credentials.balance ? `: balance ${credentials.balance.display}` : ''}.`, 'ok');
      } else {
        say(verdict, `Saved, but the gateway says: ${credentials.message || credentials.status}`, 'error');
      }
      refreshBalance();
      document.dispatchEvent(new CustomEvent('console-changed'));
    } catch (error) {
      say(verdict, error instanceof RPCError ? error.words : String(error), 'error');
    }
  };

  const exportNotice = notice('export-notice');
  const exportLog = async () => {
    say(exportNotice, 'Exporting…');
    try {
      const exported = await rpc('history.export', { format: 'csv' });
      download('sms-history.csv', exported.content, 'text/csv');
      say(exportNotice, `Exported ${exported.rows} SMS (${exported.bytes} bytes).`, 'ok');
    } catch (error) {
      say(exportNotice, error instanceof RPCError ? error.words : String(error), 'error');
    }
  };

  replace(panel,
    el('h2', {}, 'Account Configuration'), balance,
    el('p', { class: 'help' }, 'Your API key and secret are on the MoceanAPI dashboard. If the credentials are right, the credit balance appears at the top.'),
    el('form', { id: 'account-form', onsubmit: save, novalidate: true },
      field('API Key', apiKey, 'Your Mocean account API key.'),
      field('API Secret', apiSecret, 'Your Mocean account API secret. Never shown again once saved.'),
      field('Message From', sender, 'Sender of the SMS when the message is received at a mobile phone (up to 15 characters).'),
      field('Admin Country', adminCountry, 'Optional: a default country to check the admins\u2019 numbers against; a number of invalid format for it gets no SMS.'),
      field('Customer Country', customerCountry, 'Optional: the same for customers\u2019 numbers. Empty: no checking.'),
      foreign.wrapper, smsOnly.wrapper,
      field('Low balance alert below', alertBelow, 'Optional: when the balance falls below this amount, the admin numbers get one SMS (and one more only after a top-up). Empty: no alert.'),
      field('Alert currency', alertCurrency, 'Optional: the three-letter code of that amount, e.g. MYR; empty: the account’s currency.'),
      el('details', {}, el('summary', {}, 'Gateway address'),
        field('Gateway URL', gatewayUrl, 'https://rest.moceanapi.com unless you use a stand-in (plain http only on this machine).')),
      datalist,
      el('div', { class: 'actions' }, el('button', { type: 'submit', id: 'account-save' }, 'Save configuration')),
      verdict),
    el('h3', {}, 'Export Log'),
    el('p', { class: 'help' }, 'Every SMS attempt as CSV: event, order, sender, time, message, recipient, the gateway\u2019s response and the status, then the row\u2019s details.'),
    el('div', { class: 'actions' }, el('button', { type: 'button', id: 'export-log', class: 'secondary', onclick: exportLog }, 'Export')),
    exportNotice,
    await storeSection(store));
  refreshBalance();
}

async function storeSection(store) {
  const hash = el('input', { id: 'store-hash', type: 'text', value: store.storeHash || '', autocomplete: 'off' });
  const token = el('input', { id: 'store-token', type: 'password', autocomplete: 'new-password', placeholder: secretPlaceholder(store.accessToken) });
  const clientSecret = el('input', { id: 'store-client-secret', type: 'password', autocomplete: 'new-password', placeholder: secretPlaceholder(store.clientSecret) });
  const apiUrl = el('input', { id: 'store-api-url', type: 'url', value: store.apiUrl || '' });
  const verdict = notice('store-verdict');
  const hooks = el('div', { id: 'store-webhooks' });
  const showHooks = async () => {
    if (!store.connected) return replace(hooks, el('p', { class: 'muted' }, 'Connect a store to see its webhooks.'));
    try {
      const listed = await rpc('store.webhooks');
      replace(hooks,
        el('p', {}, listed.allActive ? 'All nine webhooks are registered and active.' : 'Some webhooks are missing or inactive.'),
        el('ul', { class: 'hooks' }, listed.hooks.map((hook) => el('li', { class: hook.state }, `${hook.scope}: ${hook.state}`))));
    } catch (error) {
      replace(hooks, el('p', { class: 'muted' }, error instanceof RPCError ? error.words : String(error)));
    }
  };
  const save = async (event) => {
    event.preventDefault();
    const params = {};
    if (hash.value.trim() !== (store.storeHash || '')) params.storeHash = hash.value.trim() || null;
    if (token.value) params.accessToken = token.value;
    if (clientSecret.value) params.clientSecret = clientSecret.value;
    if (apiUrl.value.trim() !== (store.apiUrl || '')) params.apiUrl = apiUrl.value.trim() || null;
    try {
      const saved = await rpc('store.set', params);
      Object.assign(store, saved.store);
      token.value = '';
      clientSecret.value = '';
      say(verdict, saved.credentials.status === 'valid' ? `Connected to ${saved.store.storeName || saved.store.storeHash}.` : `Saved; the store says: ${saved.credentials.message || saved.credentials.status}`,
        saved.credentials.status === 'valid' ? 'ok' : 'error');
      showHooks();
      document.dispatchEvent(new CustomEvent('console-changed'));
    } catch (error) {
      say(verdict, error instanceof RPCError ? error.words : String(error), 'error');
    }
  };
  const register = async () => {
    try {
      const done = await rpc('store.registerWebhooks');
      say(verdict, `Webhooks registered to ${done.destination}.`, 'ok');
      showHooks();
    } catch (error) {
      say(verdict, error instanceof RPCError ? error.words : String(error), 'error');
    }
  };
  showHooks();
  return el('section', { class: 'sub' },
    el('h3', {}, 'Store connection'),
    el('form', { id: 'store-form', onsubmit: save, novalidate: true },
      field('Store hash', hash, 'The letters and digits after stores/ in the store API\u2019s paths.'),
      field('Access token', token, 'The X-Auth-Token of a store API account. Never shown again.'),
      field('App client secret', clientSecret, 'Verifies the webhooks\u2019 signatures.'),
      el('details', {}, el('summary', {}, 'Store API address'), field('API URL', apiUrl)),
      el('div', { class: 'actions' },
        el('button', { type: 'submit', id: 'store-save', class: 'secondary' }, 'Save store'),
        el('button', { type: 'button', id: 'store-register', class: 'secondary', onclick: register }, 'Register webhooks')),
      verdict),
    hooks);
}

