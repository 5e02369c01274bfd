// Small DOM helpers: every text goes in as text (never as HTML), every field has its label.

/** `el('button', {type: 'button', class: 'x'}, 'Save')`: an element with attributes and children. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === 'class') node.className = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

let fieldCount = 0;

/** A labelled field: label, control, optional help; returns the wrapper. */
export function field(label, control, help) {
  if (!control.id) control.id = `field-${++fieldCount}`;
  const wrapper = el('div', { class: 'field' }, el('label', { for: control.id }, label), control);
  if (help) {
    const helpID = `${control.id}-help`;
    wrapper.append(el('p', { class: 'help', id: helpID }, help));
    control.setAttribute('aria-describedby', helpID);
  }
  return wrapper;
}

/** A labelled on/off switch (a checkbox). */
export function toggle(label, checked, help) {
  const input = el('input', { type: 'checkbox', role: 'switch', checked });
  input.id = `field-${++fieldCount}`;
  const wrapper = el('div', { class: 'toggle' }, input, el('label', { for: input.id }, label));
  if (help) {
    wrapper.append(el('p', { class: 'help', id: `${input.id}-help` }, help));
    input.setAttribute('aria-describedby', `${input.id}-help`);
  }
  return { wrapper, input };
}

/** Why the outbox sends nothing, in the console's words (without the API's hint of what resumes it). */
export function pauseWords(reason) {
  const why = (reason || 'paused').replace(/ \(outbox\.resume resumes\)$/, '');
  return why.startsWith('paused') ? why : `paused: ${why}`;
}

/** Replaces the children of `node`. */
export function replace(node, ...children) {
  node.replaceChildren(...children.flat().filter((child) => child !== null && child !== undefined));
}

/** A place for messages, announced as they change (present, and empty, from the start). */
export function notice(id) {
  return el('p', { class: 'notice', id, role: 'status' });
}

/** A message in `node` (made by `notice`): kind is 'ok', 'error' or 'info'. */
export function say(node, text, kind = 'info') {
  node.className = `notice ${kind}`;
  node.textContent = text;
}

/** Calls `action` at most once per `wait` ms, after the last call. */
export function debounce(action, wait) {
  let timer;
  return (...values) => {
    clearTimeout(timer);
    timer = setTimeout(() => action(...values), wait);
  };
}

/** Offers `content` as a file download named `name`. */
export function download(name, content, type) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = el('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
