// ISO 3166 regions for the country pickers, named in the browser's language.
const codes = ('AD AE AF AG AI AL AM AO AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BW BY ' +
  'BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO ' +
  'FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GT GU GW GY HK HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP ' +
  'KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS ' +
  'MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PR PS PT PW PY QA RE RO RS RU ' +
  'RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA ' +
  'UG US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW').split(' ');

let names;
try {
  names = new Intl.DisplayNames([navigator.language || 'en', 'en'], { type: 'region' });
} catch {
  names = { of: (code) => code };
}

/** [{code, name}] sorted by name. */
export const countries = codes.map((code) => ({ code, name: names.of(code) || code }))
  .sort((a, b) => a.name.localeCompare(b.name));

/** "MY — Malaysia" for a code; '' for none. */
export function label(code) {
  if (!code) return '';
  const found = countries.find((country) => country.code === code);
  return found ? `${found.code} — ${found.name}` : code;
}

/** The picker's choice that means no country: numbers are not checked. */
export const noChecking = 'No checking';

/** The code in a picker's text ("MY — Malaysia", "my", "Malaysia"); null for none; undefined when unknown. */
export function parse(text) {
  const value = text.trim();
  if (!value || value.toLowerCase() === noChecking.toLowerCase()) return null;
  const byCode = value.slice(0, 2).toUpperCase();
  if ((value.length === 2 || value[2] === ' ') && codes.includes(byCode)) return byCode;
  const byName = countries.find((country) => country.name.toLowerCase() === value.toLowerCase());
  return byName ? byName.code : undefined;
}
