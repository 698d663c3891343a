"""Help texts of the commands; /<command> help and error messages quote them."""

from __future__ import annotations

from bot.letters.stock import allegations_heading

CASE_REF = "`<case>` is the case number (7 or #7) or its reference (KAZ 1/2017, AL KAZ 1/2017)."

OTHER_COMMANDS = (
    "Also: `/allegation help`, `/cite help`, `/letter help`, `/mandate help`. " + CASE_REF
)

CASE_HELP = f"""*/case* — open and follow cases
• `/case open <COUNTRY> <TYPE> <MANDATE>[,<MANDATE>...] <subject>`
    COUNTRY: ISO alpha-3 code (KAZ) or English name; OTH for a non-State addressee (then `/case set <case> addressee <name>`)
    TYPE: AL (allegation letter) | UA (urgent appeal) | OL (other letter)
    MANDATE: registry code, e.g. FOAA,HRD (see `/mandate list`)
    subject: completes "information we have received concerning ..."
    e.g. `/case open KAZ AL FOAA,HRD the permanent closure of the Confederation of Independent Trade Unions of Kazakhstan`
• `/case` — the same in a form (also the shortcut *Open a case* from anywhere in Slack, which asks for the channel)
• `/case show <case> [sources|history]` — everything in the case, with the mandates yet to clear its latest draft (sources are confidential: only on request)
• `/case list [open|closed|overdue|due|all|<COUNTRY>|<MANDATE>] [page <n>]` — this channel's cases, what needs attention first
• `/case set <case> <field> <value>` — fields: subject, concern, urge, type, mandates, addressee, language (en|fr|es), reply-days (after sending too: the due date and reminders follow), reference (e.g. AL KAZ 1/2017 for a reference assigned elsewhere; one with internal codes such as `UA G/SO 214 (53-24) SYR 3/2014` is printed as typed, numbered by the SYR 3/2014 in it), edition (current|2017), press-release (yes|no), sources (confidential), victims-withheld, victims (the number of alleged victims, for the report), owner (@user or a user id: who answers for the case; whoever opened it by default)
    e.g. `/case set 7 urge ensure that independent trade unions can operate freely`
• `/case set <case> edition current|2017` — the stock wording: today's (new cases get the team's default) or that of 2017 letters
• `/case set <case> press-release yes|no` — a press release is planned: the letter carries the stock notice before the publication paragraph
• `/case search <words>` — this channel's cases whose subject, allegations or citations contain the words ("a phrase", -word, or)
• `/case report <from> <to> [replies-from <date>] [replies-until <date>]` — the communications report of letters sent in the period (dates YYYY-MM-DD; replies until 60 days after <to> by default), posted here as CSV and Word
• `/case close <case> [reason]` · `/case reopen <case>`
• On the case card: *Edit concern, urge, addressee*, *Edit questions*, *Edit body paragraphs* open prefilled forms (an emptied field removes that paragraph)
• `/case help` — this help
{OTHER_COMMANDS}"""

ALLEGATION_HELP = f"""*/allegation* — the paragraphs under "{allegations_heading()}"
• `/allegation <case> <paragraph>` — add a paragraph at the end
• `/allegation <case>` — add one in a form (for long text)
• `/allegation <case> list` — all of them, numbered
• `/allegation <case> edit <n> <paragraph>` — replace paragraph n (`edit <n>` alone opens it in a form)
• `/allegation <case> remove <n>` · `/allegation <case> move <n> <to>`
• Message shortcut *Add to case as allegation* copies a Slack message into a case.
{CASE_REF}"""

LETTER_HELP = f"""*/letter* — the letter of a case
• `/letter <case> question <text>` — add a numbered question
• `/letter <case> question list` · `question edit <n> <text>` · `question remove <n>` · `question move <n> <to>`
• `/letter <case> body <paragraph>` — add a body paragraph after the concern (legal analysis, context), up to 3,000 characters each, as many as needed
• `/letter <case> body list` · `body edit <n> <paragraph>` · `body remove <n>` · `body move <n> <to>`
• `/letter <case> draft [en|fr|es]` — render a new draft version into the case's review thread (with a Word file); the checks list problems before review
• In the thread: reply to comment; *Clear for <mandate>* by one of its approvers (or any team member where it has none), never by the drafter, after you confirm; *Request changes*; *Withdraw my clearance* takes yours back until the letter is sent; the *…* menu edits the letter. A new draft mentions who may clear each mandate
• `/letter <case> send [<YYYY-MM-DD>]` — only once every mandate cleared the current version: shows what will be sent (reference, version, date, reply due date) with *Send* and *Cancel*; only *Send*, once you confirm, freezes that version and starts the reply clock (default date: today)
• `/letter <case> reply <YYYY-MM-DD> [<summary>]` — record a reply from the addressee (several allowed); reminders stop
• `/letter <case> sent-on <YYYY-MM-DD> <reason>` — correct the sending date of a sent letter (audited); the due date and reminders follow
• `/letter <case> withdraw [<MANDATE>]` — take back your clearance of the latest draft, until the letter is sent
{CASE_REF}"""

INTRO = """:wave: Hello! I am *mandate-bot*. I keep this channel's cases: communications to States \
and other actors, from the first allegation to the reply. I draft the letter from the team's \
templates, post each draft for review in a thread where every co-signing mandate clears it, and \
remind the channel when a reply is due or overdue.
Three commands to start with:
• `/case` — open a case (a form; or `/case open <COUNTRY> <TYPE> <MANDATES> <subject>`)
• `/allegation <case> <paragraph>` — add what the information received says
• `/letter <case> draft` — post a draft for review in its thread
`/case help` lists everything; the case card's buttons edit the letter."""
