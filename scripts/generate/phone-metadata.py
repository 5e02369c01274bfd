#!/usr/bin/env python3
"""Writes Sources/PhoneNumbers/Generated/MetadataText.swift: libphonenumber's metadata, compact and line-based.

Run from the repository root:
    pip install -r scripts/generate/requirements-phone.txt && python3 scripts/generate/phone-metadata.py
The output is committed; building and testing need neither Python nor this package.

The metadata comes from the pinned PyPI package `phonenumbers` (a port of Google's libphonenumber, Apache-2.0).
Only what parsing, validation, typing and E.164 formatting need is kept: per region (and per non-geographic
calling code) the calling code, the international and national prefixes, the national prefix for parsing and
its transform rule, the leading digits, and the general plus ten type descriptions.

Format of the text, one record a line, fields separated by tabs:
    V  version
    C  calling code  regions, main region first, separated by spaces (001: non-geographic)
    R  region  calling code  flags (m: main country for its code, s: same mobile and fixed-line pattern)  name
    then, for that region, optional lines `key  value`:
    ip international prefix (regex), pip preferred international prefix, np national prefix,
    npp national prefix for parsing (regex), npt its transform rule, ld leading digits (regex);
    and one line per number description present:
    key  possible lengths (comma-separated)  local-only lengths  pattern
    keys: g general, fl fixed line, mo mobile, tf toll free, pr premium rate, sc shared cost, vo VoIP,
          pn personal number, pa pager, ua UAN, vm voicemail
A description without a pattern and with the possible length -1 (no numbers of that type) is left out.
"""

import importlib.metadata
import pathlib
import sys

PIN = "9.0.43"
installed = importlib.metadata.version("phonenumbers")
if installed != PIN:
    sys.exit(f"phonenumbers {installed} is installed; the metadata is pinned to {PIN}: pip install phonenumbers=={PIN}")

import phonenumbers  # noqa: E402
from phonenumbers import PhoneMetadata  # noqa: E402
from phonenumbers import geocoder  # noqa: E402

NON_GEO = "001"
# English names the package's locale data lacks.
EXTRA_NAMES = {"AC": "Ascension Island", "TA": "Tristan da Cunha", "XK": "Kosovo"}
DESCS = [
    ("g", "general_desc"),
    ("fl", "fixed_line"),
    ("mo", "mobile"),
    ("tf", "toll_free"),
    ("pr", "premium_rate"),
    ("sc", "shared_cost"),
    ("vo", "voip"),
    ("pn", "personal_number"),
    ("pa", "pager"),
    ("ua", "uan"),
    ("vm", "voicemail"),
]


def check(text, what):
    if text is None:
        return ""
    if any(ch in text for ch in "\t\n\r") or '"""' in text:
        sys.exit(f"unexpected character in {what}: {text!r}")
    return text


def lengths(values):
    return ",".join(str(v) for v in values)


def region_lines(region, metadata):
    flags = ("m" if metadata.main_country_for_code else "") + ("s" if metadata.same_mobile_and_fixed_line_pattern else "")
    name = "" if region == NON_GEO else (geocoder._region_display_name(region, "en") or EXTRA_NAMES.get(region, ""))
    if region != NON_GEO and not name:
        sys.exit(f"no English name for {region}")
    lines = [f"R\t{region}\t{metadata.country_code}\t{flags}\t{check(name, 'name')}"]
    fields = [
        ("ip", metadata.international_prefix),
        ("pip", metadata.preferred_international_prefix),
        ("np", metadata.national_prefix),
        ("npp", metadata.national_prefix_for_parsing),
        ("npt", metadata.national_prefix_transform_rule),
        ("ld", metadata.leading_digits),
    ]
    for key, value in fields:
        if value is not None:
            lines.append(f"{key}\t{check(value, key)}")
    for key, attribute in DESCS:
        desc = getattr(metadata, attribute)
        if desc is None:
            if key == "g":
                sys.exit(f"{region}: no general description")
            continue
        pattern = desc.national_number_pattern
        if not pattern and tuple(desc.possible_length) == (-1,):
            continue
        if not desc.possible_length:
            sys.exit(f"{region} {attribute}: no possible lengths")
        local = lengths(desc.possible_length_local_only)
        lines.append(f"{key}\t{lengths(desc.possible_length)}\t{local}\t{check(pattern, key)}")
    return lines


def main():
    lines = [f"V\t{PIN}"]
    records = []
    for calling_code, regions in phonenumbers.COUNTRY_CODE_TO_REGION_CODE.items():
        lines.append(f"C\t{calling_code}\t{' '.join(regions)}")
        for region in regions:
            if region == NON_GEO:
                metadata = PhoneMetadata.metadata_for_nongeo_region(calling_code)
            else:
                metadata = PhoneMetadata.metadata_for_region(region)
            if metadata is None:
                sys.exit(f"no metadata for {region} (+{calling_code})")
            records.append((region, metadata))
    for region, metadata in records:
        lines += region_lines(region, metadata)
    text = "\n".join(lines)
    swift = [
        "// swift-format-ignore-file",
        f"// Generated by scripts/generate/phone-metadata.py from phonenumbers {PIN} (libphonenumber's metadata,",
        "// Apache-2.0, see NOTICE). Do not edit.",
        "",
        "/// libphonenumber's metadata, one record a line; `MetadataStore` reads it at first use.",
        "enum MetadataText {",
        "    /// The version of the metadata.",
        f'    static let version = "{PIN}"',
        "",
        "    /// The records; the format is described in scripts/generate/phone-metadata.py.",
        '    static let text = #"""',
        text,
        '"""#',
        "}",
        "",
    ]
    target = pathlib.Path("Sources/PhoneNumbers/Generated/MetadataText.swift")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(swift), encoding="utf-8")
    print(f"wrote {len(records)} regions and non-geographic entities ({len(text)} bytes of metadata) to {target}")


main()
