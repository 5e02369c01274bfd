// Calls the service's JSON-RPC methods over /rpc: the console can do nothing the API cannot.
// Stand-alone, the session cookie (HttpOnly, SameSite=Strict) goes with each call. Opened from a store's control
// panel (an iframe, where that cookie is never sent), the page carries a session token bound to that store, sent
// as a bearer token. X-Console says the call is the console's.

/** The page session's token, when the console was opened from a store's control panel. */
export const pageSession = document.querySelector('meta[name="console-session"]')?.content || null;

/** The store the operator picked (its id), added to every call of a method that acts on one store. */
let chosenStore = null;
/** The methods that take a `store` param, from rpc.discover (learnt when a store is first picked). */
let scopedMethods = null;

/** The store the operator picked (its id), or null. */
export function currentStore() {
  return chosenStore;
}

/** Acts on `store` (an id) from now on; null to leave the store out. */
export async function chooseStore(store) {
  if (store !== null && scopedMethods === null) {
    const contract = await rpc('rpc.discover');
    scopedMethods = new Set(contract.methods
      .filter((method) => (method.params || []).some((param) => param.name === 'store'))
      .map((method) => method.name));
  }
  chosenStore = store;
}

/** A JSON-RPC error, with the field and reason of invalid params. */
export class RPCError extends Error {
  constructor(error) {
    super(error.message);
    this.code = error.code;
    this.data = error.data || {};
  }

  /** The words for a person: the reason of an invalid param, else the message. */
  get words() {
    return this.data.reason ? `${this.data.field}: ${this.data.reason}` : this.message;
  }
}

let nextID = 1;

/** Calls `method` with `params`; the result, or throws RPCError. */
export async function rpc(method, params = {}) {
  const headers = { 'Content-Type': 'application/json', 'X-Console': '1' };
  if (pageSession) headers.Authorization = `Bearer ${pageSession}`;
  if (chosenStore !== null && scopedMethods?.has(method) && params.store === undefined) {
    params = { ...params, store: chosenStore };
  }
  const response = await fetch('/rpc', {
    method: 'POST',
    credentials: pageSession ? 'omit' : 'same-origin',
    headers,
    body: JSON.stringify({ jsonrpc: '2.0', method, params, id: nextID++ }),
  });
  if (response.status === 401) {
    document.dispatchEvent(new CustomEvent('console-signed-out'));
    throw new RPCError({
      code: 401,
      message: pageSession ? 'This session has ended: open the app again from the control panel' : 'Signed out: sign in again',
    });
  }
  let answer;
  try {
    answer = await response.json();
  } catch {
    throw new RPCError({ code: response.status, message: `The service answered HTTP ${response.status}` });
  }
  if (answer.error) throw new RPCError(answer.error);
  return answer.result;
}
