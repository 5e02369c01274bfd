// The service's pushes: one stream of server-sent events from /console/live (read with fetch, so that it carries
// the console's headers), reconnected after any drop with a growing wait. Each event is the whole state of what it
// is about, and a new connection sends them all again at once: nothing is missed while it was down.
import { currentStore, pageSession } from './rpc.js';

const handlers = { status: null, broadcast: null };
let broadcastID = null;
let controller = null;
let running = false;
let retryDelay = 1000;

/** Whether the stream is up (`live`) or being re-established (`reconnecting`), for the status strip. */
export let connection = 'connecting';

/** Starts the stream; `onStatus` gets each `status` event (the outbox, the balance, the alert, the store). */
export function startLive(onStatus) {
  handlers.status = onStatus;
  running = true;
  reconnect();
}

/** Ends the stream (signed out). */
export function stopLive() {
  running = false;
  broadcastID = null;
  handlers.broadcast = null;
  controller?.abort();
  controller = null;
}

/** Follows broadcast `id`: `onBroadcast` gets it as `broadcast.get` answers, whenever it changes. */
export function followBroadcast(id, onBroadcast) {
  broadcastID = id;
  handlers.broadcast = onBroadcast;
  reconnect();
}

/** Stops following a broadcast. */
export function unfollowBroadcast() {
  if (broadcastID === null) return;
  broadcastID = null;
  handlers.broadcast = null;
  reconnect();
}

/** Connects afresh (the store or the broadcast followed changed). */
export function reconnect() {
  if (!running) return;
  controller?.abort();
  connect();
}

function announce(state) {
  connection = state;
  document.dispatchEvent(new CustomEvent('console-live', { detail: state }));
}

async function connect() {
  const mine = new AbortController();
  controller = mine;
  const query = new URLSearchParams();
  if (currentStore() !== null) query.set('store', String(currentStore()));
  if (broadcastID !== null) query.set('broadcast', String(broadcastID));
  const headers = { 'X-Console': '1' };
  if (pageSession) headers.Authorization = `Bearer ${pageSession}`;
  try {
    const response = await fetch(`/console/live?${query}`, {
      headers, credentials: pageSession ? 'omit' : 'same-origin', signal: mine.signal, cache: 'no-store' });
    if (response.status === 401) {
      document.dispatchEvent(new CustomEvent('console-signed-out'));
      return;
    }
    if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
    announce('live');
    retryDelay = 1000;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (dispatch(block) === 'ended') return;
      }
    }
  } catch {
    if (mine.signal.aborted) return;
  }
  if (controller !== mine || !running) return;
  announce('reconnecting');
  const wait = retryDelay;
  retryDelay = Math.min(retryDelay * 2, 10000);
  setTimeout(() => {
    if (controller === mine && running) connect();
  }, wait);
}

/** Hands one event to its handler; answers its name. */
function dispatch(block) {
  let event = 'message';
  let data = '';
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data += line.slice(5).trim();
  }
  if (event === 'ended') {
    stopLive();
    document.dispatchEvent(new CustomEvent('console-signed-out'));
    return event;
  }
  const handler = handlers[event];
  if (handler && data) {
    try {
      handler(JSON.parse(data));
    } catch (error) {
      console.error('a live event could not be shown', error);
    }
  }
  return event;
}
