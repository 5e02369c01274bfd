#!/usr/bin/env python3
"""Writes differential cases for the PhoneNumbers module: inputs with libphonenumber's answers.

Run from the repository root:
    pip install -r scripts/generate/requirements-phone.txt
    python3 scripts/generate/phone-cases.py --seed 1 --count 25000
The answers come from the pinned PyPI package `phonenumbers`, the same version the metadata was generated from.
The committed set is Tests/Fixtures/phone-cases.jsonl; other seeds and counts can be written elsewhere with
--output and checked with PHONE_CASES_FILE=path swift test --filter PhoneNumbersTests.

Each line is a JSON object:
    input, region (or null), parses, error (the NumberParseException type, e.g. "NOT_A_NUMBER", or null),
    countryCode, nationalNumber, e164, extension, valid, validForRegion (null without a region), type
    (e.g. "MOBILE"); the fields after error are null when the input does not parse.
"""

import argparse
import importlib.metadata
import json
import pathlib
import random
import sys

PIN = "9.0.43"
installed = importlib.metadata.version("phonenumbers")
if installed != PIN:
    sys.exit(f"phonenumbers {installed} is installed; the cases are pinned to {PIN}: pip install phonenumbers=={PIN}")

import phonenumbers as pn  # noqa: E402
from phonenumbers import NumberParseException, PhoneMetadata, PhoneNumberFormat, PhoneNumberType  # noqa: E402

ERRORS = {
    NumberParseException.INVALID_COUNTRY_CODE: "INVALID_COUNTRY_CODE",
    NumberParseException.NOT_A_NUMBER: "NOT_A_NUMBER",
    NumberParseException.TOO_SHORT_AFTER_IDD: "TOO_SHORT_AFTER_IDD",
    NumberParseException.TOO_SHORT_NSN: "TOO_SHORT_NSN",
    NumberParseException.TOO_LONG: "TOO_LONG",
}
TYPES = [
    PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE, PhoneNumberType.TOLL_FREE, PhoneNumberType.PREMIUM_RATE,
    PhoneNumberType.SHARED_COST, PhoneNumberType.VOIP, PhoneNumberType.PERSONAL_NUMBER, PhoneNumberType.PAGER,
    PhoneNumberType.UAN, PhoneNumberType.VOICEMAIL,
]
REGIONS = sorted(pn.SUPPORTED_REGIONS)
NON_GEO = sorted(pn.COUNTRY_CODES_FOR_NON_GEO_REGIONS)
ODD_REGIONS = [None, None, None, "ZZ", "001", "XX", "", "my", "us", "gb"]
KEYPAD = {"2": "ABC", "3": "DEF", "4": "GHI", "5": "JKL", "6": "MNO", "7": "PQRS", "8": "TUV", "9": "WXYZ"}
DIGIT_SETS = ["0123456789", "\uff10\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19",
              "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669",
              "\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9",
              "\u0966\u0967\u0968\u0969\u096a\u096b\u096c\u096d\u096e\u096f"]
SEPARATORS = [" ", "-", ".", "/", "\u00a0", "\u2010", "\u2013", "\u2212", "\u3000", "\uff0d", "  ", " - ", "~"]
EXTENSIONS = [" ext. {}", " ext {}", " x{}", "x{}", " X {}", ";ext={}", " extension {}", " #{}", " - {}#", ",,{}",
              ",{}", ";{}", " доб {}", " anexo {}", " int {}", " ｘ{}", " ext: {}", " extn. {}", "/x{}", " EXT. {}",
              " Ext {}", " extensión {}", " extensio\u0301n {}", " ＃{}", " ~{}", "\t,ext.\t{}", " ДОБ {}", " ｅｘｔ {}"]
GARBAGE_CHARS = ("0123456789" * 3 + "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ" + " -.()/+#*;,=:_~[]'\"!?@&%$"
                 + "\uff10\uff15\uff0b\u00a0\u2013\u3000\uff08\uff09\u0663\u00e9\u00f1\u00df\u0434\u043e\u0431"
                 + "\u4e00\u00b2\u2460\u0301\U0001F4DE\t\n")
# Characters slipped into typed numbers: separators, extension marks, other digits, letters that fold oddly.
MANGLE_CHARS = (" -.()/+#*;,=:_~xX\t\u00a0\u00ad\u200b\u2060\uff0b\uff0d\uff0e\uff08\uff09\uff3b\uff3d\u30fc\u2053"
                "\u223c\uff5e\u00b2\u2460\u0663\u0967\uff11\u0301\u017f\u212a\u0131\u0130\u00e9\u00df\u0434"
                "\U0001F4DE\u4e00abcABCextEXTintanexo")


def metadata_for(region):
    return PhoneMetadata.metadata_for_region(region)


def answer(text, region):
    """libphonenumber's answers for one input, or None when the package fails in a way libphonenumber does not."""
    record = {"input": text, "region": region}
    try:
        number = pn.parse(text, region)
    except NumberParseException as error:
        record.update(parses=False, error=ERRORS[error.error_type], countryCode=None, nationalNumber=None,
                      e164=None, extension=None, valid=None, validForRegion=None, type=None)
        return record
    except Exception:  # noqa: BLE001 - not an answer of libphonenumber's; such inputs are left out
        return None
    record.update(
        parses=True, error=None, countryCode=number.country_code,
        nationalNumber=pn.national_significant_number(number),
        e164=pn.format_number(number, PhoneNumberFormat.E164),
        extension=number.extension,
        valid=pn.is_valid_number(number),
        validForRegion=None if region is None else pn.is_valid_number_for_region(number, region),
        type=PhoneNumberType.to_string(pn.number_type(number)))
    return record


class Generator:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.examples = []  # (region or "001", PhoneNumber)
        for region in REGIONS:
            for numtype in TYPES:
                number = pn.example_number_for_type(region, numtype)
                if number is not None:
                    self.examples.append((region, number))
        for code in NON_GEO:
            metadata = PhoneMetadata.metadata_for_nongeo_region(code)
            for desc in (metadata.general_desc, metadata.mobile, metadata.toll_free, metadata.premium_rate,
                         metadata.shared_cost, metadata.voip, metadata.personal_number, metadata.uan):
                if desc is not None and desc.example_number:
                    self.examples.append(("001", pn.parse("+%d%s" % (code, desc.example_number), None)))

    def region(self):
        return self.rng.choice(REGIONS) if self.rng.random() < 0.85 else self.rng.choice(ODD_REGIONS)

    def own_region(self, home):
        return None if home == "001" else home

    # Typings of a number.
    def typings(self, home, number):
        rng = self.rng
        cc = number.country_code
        nsn = pn.national_significant_number(number)
        national = pn.format_number(number, PhoneNumberFormat.NATIONAL)
        intl = pn.format_number(number, PhoneNumberFormat.INTERNATIONAL)
        own = self.own_region(home)
        choices = [
            (pn.format_number(number, PhoneNumberFormat.E164), rng.choice([own, None, self.region()])),
            (intl, rng.choice([own, None, self.region()])),
            (national, own),
            (nsn, own),
            (self.separate(intl), rng.choice([own, None, self.region()])),
            (self.separate(national), own),
            (pn.format_number(number, PhoneNumberFormat.RFC3966), rng.choice([own, None, self.region()])),
            ("tel:%s;phone-context=+%d" % (self.separate(nsn, "-"), cc), rng.choice([own, None, self.region()])),
            ("tel:%s;phone-context=%s" % (nsn, rng.choice(["example.com", "shop.example.my", "a-b.c", "1x.y", "+",
                                                           "", "ex_ample.com", "+60", "+6-0"])), own),
            ("%d%s" % (cc, nsn), own),
            ("%d %s" % (cc, national), own),
            self.idd(cc, nsn),
            (intl + rng.choice(EXTENSIONS).format(rng.randint(1, 10 ** rng.randint(1, 7))),
             rng.choice([own, None])),
            (national + rng.choice(EXTENSIONS).format(rng.randint(1, 99999)), own),
            (self.digits_of(rng.choice(DIGIT_SETS[1:]), rng.choice([intl, national])), own),
            ("\uff0b" + self.digits_of(DIGIT_SETS[1], intl[1:]), rng.choice([own, None])),
            (self.vanity(intl), rng.choice([own, None])),
            (self.vanity(national), own),
            ("(" + national[:3] + ") " + national[3:], own),
            (rng.choice(["Tel: ", "phone ", "Mobile: ", "call ", "[", "<", "*", "#"]) + rng.choice([intl, national]),
             own),
            (rng.choice([intl, national]) + rng.choice([".", " ", ")", "!", "#", "*", " / x12", "/x3", " \\ x4"]),
             own),
            ("+" + intl, own),
            ("+ " + intl[1:], own),
            ("+0" + intl[1:], own),
            ("+00" + intl[1:], own),
        ]
        return choices

    def idd(self, cc, nsn):
        region = self.rng.choice(REGIONS)
        metadata = metadata_for(region)
        prefix = metadata.preferred_international_prefix or metadata.international_prefix
        if not prefix or not prefix.replace("~", "").isdigit():
            prefix, region = self.rng.choice([("00", "GB"), ("011", "US"), ("00", "MY"), ("0011", "AU"), ("8~10", "RU")])
        text = "%s %d %s" % (prefix, cc, nsn)
        return (text, region)

    def separate(self, text, separator=None):
        out = []
        for ch in text:
            if ch in " -" or (ch.isdigit() and self.rng.random() < 0.15):
                out.append(separator or self.rng.choice(SEPARATORS))
                if ch.isdigit():
                    out.append(ch)
            else:
                out.append(ch)
        return "".join(out).strip() or text

    def digits_of(self, digits, text):
        return "".join(digits[int(ch)] if "0" <= ch <= "9" else ch for ch in text)

    def vanity(self, text):
        out = list(text)
        positions = [i for i, ch in enumerate(out) if ch in KEYPAD]
        for i in positions[-self.rng.randint(1, 7):]:
            letter = self.rng.choice(KEYPAD[out[i]])
            out[i] = letter if self.rng.random() < 0.7 else letter.lower()
        return "".join(out)

    def perturb(self, text):
        digits = [i for i, ch in enumerate(text) if ch.isdigit()]
        if not digits:
            return text
        i = self.rng.choice(digits)
        kind = self.rng.randrange(4)
        if kind == 0:
            return text[:i] + text[i + 1:]
        if kind == 1:
            return text[:i] + str(self.rng.randrange(10)) + text[i:]
        if kind == 2:
            return text[:i] + str(self.rng.randrange(10)) + text[i + 1:]
        return text + str(self.rng.randrange(10)) * self.rng.randint(1, 4)

    # Case kinds.
    def example_case(self):
        home, number = self.rng.choice(self.examples)
        return self.rng.choice(self.typings(home, number))

    def perturbed_case(self):
        text, region = self.example_case()
        for _ in range(self.rng.choice([1, 1, 1, 2, 3])):
            text = self.perturb(text)
        return text, region

    def mangled_case(self):
        text, region = self.example_case()
        for _ in range(self.rng.randint(1, 3)):
            i = self.rng.randint(0, len(text))
            text = text[:i] + self.rng.choice(MANGLE_CHARS) + text[i:]
        return text, region

    def foreign_case(self):
        home, number = self.rng.choice(self.examples)
        text = self.rng.choice([pn.format_number(number, PhoneNumberFormat.INTERNATIONAL),
                                pn.format_number(number, PhoneNumberFormat.E164),
                                pn.format_number(number, PhoneNumberFormat.NATIONAL),
                                pn.national_significant_number(number)])
        return text, self.rng.choice(REGIONS)

    def random_digits_case(self):
        length = self.rng.randint(1, 20)
        digits = "".join(self.rng.choice("0123456789") for _ in range(length))
        prefix = self.rng.choice(["", "", "", "+", "0", "00", "011", "+0", "+1", "1", "8", "++"])
        return prefix + digits, self.region()

    def garbage_case(self):
        rng = self.rng
        kind = rng.randrange(6)
        if kind == 0:
            text = "".join(rng.choice(GARBAGE_CHARS) for _ in range(rng.randint(0, 30)))
        elif kind == 1:
            context = "".join(rng.choice("abc123-.+") for _ in range(rng.randint(0, 10)))
            number = "".join(rng.choice("0123456789-+ ") for _ in range(rng.randint(0, 14)))
            text = rng.choice(["tel:", "TEL:", "", "sip:"]) + number + rng.choice(
                ["", ";isub=12", ";ext=5"]) + ";phone-context=" + context + rng.choice(["", ";x=1"])
        elif kind == 2:
            unit = rng.choice(["1", "12 ", "+6", "0", "a", " "])
            text = unit * (rng.randint(230, 270) // len(unit))
        elif kind == 3:
            text = rng.choice(["", " ", "+", "++", "0", "00", "+0", "12", "123", "+12", "1 2", "tel:", "x", "abc",
                               "1-800-FLOWERS", "+1 (800) FLOWERS", "ext. 123", "#", "*123#", "+-+123"])
        elif kind == 4:
            text = "".join(rng.choice("0123456789 +-()") for _ in range(rng.randint(1, 25)))
        else:
            letters = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
                              for _ in range(rng.randint(1, 10)))
            text = rng.choice(["1800", "+1 800 ", "0800 ", "+44 ", "", "60 "]) + letters
        return text, self.region()

    def generate(self, count):
        seen = set()
        cases = []
        skipped = 0

        def add(text, region):
            nonlocal skipped
            if (text, region) in seen or len(cases) >= count:
                return
            seen.add((text, region))
            record = answer(text, region)
            if record is None:
                skipped += 1
            else:
                cases.append(record)

        # Every example number, each in one typing at least, and in E.164 without a region.
        for home, number in self.examples:
            add(*self.rng.choice(self.typings(home, number)))
            add(pn.format_number(number, PhoneNumberFormat.E164), None)
        kinds = [(self.example_case, 36), (self.perturbed_case, 14), (self.mangled_case, 8),
                 (self.foreign_case, 10),
                 (self.random_digits_case, 14), (self.garbage_case, 14)]
        makers = [maker for maker, weight in kinds for _ in range(weight)]
        attempts = 0
        while len(cases) < count and attempts < count * 20:
            attempts += 1
            add(*self.rng.choice(makers)())
        return cases, skipped


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=25000)
    parser.add_argument("--output", default="Tests/Fixtures/phone-cases.jsonl")
    args = parser.parse_args()
    cases, skipped = Generator(args.seed).generate(args.count)
    target = pathlib.Path(args.output)
    with target.open("w", encoding="utf-8") as out:
        for case in cases:
            out.write(json.dumps(case, ensure_ascii=False, separators=(",", ":")) + "\n")
    parses = sum(1 for case in cases if case["parses"])
    valid = sum(1 for case in cases if case["valid"])
    print(f"wrote {len(cases)} cases to {target} ({parses} parse, {valid} valid; {skipped} left out)")


main()
