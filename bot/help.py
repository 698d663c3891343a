"""Help texts of every command; /case help and error messages quote them."""

from __future__ import annotations

CASE_HELP = """*/case* — open and follow cases
• `/case open <COUNTRY> <TYPE> <MANDATE>[,<MANDATE>...] <subject>`
    COUNTRY: ISO alpha-3 code (KAZ) or English name; OTH for a non-State addressee
    TYPE: AL (allegation letter) | UA (urgent appeal) | OL (other letter)
    MANDATE: registry code, e.g. FOAA,HRD (see /mandate list)
    subject: completes "information we have received concerning ..."
    e.g. `/case open KAZ AL FOAA,HRD the permanent closure of the Confederation of Independent Trade Unions of Kazakhstan`
• `/case help` — this help
`<case>` is the case number (7 or #7) or its reference (KAZ 1/2017, AL KAZ 1/2017)."""

HELP_BY_COMMAND = {"/case": CASE_HELP}
