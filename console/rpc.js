// Calls the service's JSON-RPC methods over /rpc: the console can do nothing the API cannot.
// The session cookie (HttpOnly, SameSite=Strict) goes with each call; X-Console says it is the console's.

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
  const response = await fetch('/rpc', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-Console': '1' },
    body: JSON.stringify({ jsonrpc: '2.0', method, params, id: nextID++ }),
  });
  if (response.status === 401) {
    document.dispatchEvent(new CustomEvent('console-signed-out'));
    throw new RPCError({ code: 401, message: 'Signed out: sign in again' });
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
