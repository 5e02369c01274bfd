// SMS length as the gateway counts it: GSM-7 (160 in one SMS, 153 per part; the extension characters take
// two) unless a character needs UCS-2 (70 in one, 67 per part, counted in UTF-16 units).

const basic = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const extension = '^{}\\[~]|€\f';

/** {characters, encoding, parts} of `text`. */
export function smsLength(text) {
  let septets = 0;
  for (const character of text) {
    if (basic.includes(character)) septets += 1;
    else if (extension.includes(character)) septets += 2;
    else {
      const units = text.length;
      return { characters: units, encoding: 'UCS-2', parts: units === 0 ? 0 : units <= 70 ? 1 : Math.ceil(units / 67) };
    }
  }
  return { characters: septets, encoding: 'GSM-7', parts: septets === 0 ? 0 : septets <= 160 ? 1 : Math.ceil(septets / 153) };
}
