"""Search over a channel's cases as people type: case and accents do not matter (ı = i).

A case is found by its reference, its country's names and aliases (Turkey finds Türkiye),
subject, allegations, body paragraphs, questions and annex items, never its sources. Every
word typed must start a word of the case ("arrest" finds "arrested"), "quoted words" in
that order, ``-word`` excludes, ``or`` offers alternatives. The words are looked up in the
folded copy ``bot.cases.search_index`` keeps, through PostgreSQL's GIN full-text index or
SQLite's FTS5 table, so the time depends on the matches, not on the size of the channel;
the newest matches come first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import bindparam, func, select
from sqlalchemy import text as sql
from sqlalchemy.orm import Session, selectinload

from bot.cases.countries import country_name
from bot.cases.models import Case, CaseCitation
from bot.cases.search_index import SIMPLE, CaseWords, country_words
from bot.errors import Invalid
from bot.folding import folded_words, word_spans

MAX_QUERY = 200
SHOWN = 10
SNIPPET_CONTEXT = 70
MATCHES_PER_CASE = 3
COUNTED = 1000  # matches counted at most: "more than 1,000" is as telling as 19,874
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_EDGE_PUNCTUATION = ",.;:!?()[]{}'"
_CITATION_COLUMNS = (
    CaseCitation.key,
    CaseCitation.pinpoint,
    CaseCitation.topic,
    CaseCitation.quote,
    CaseCitation.text,
)


@dataclass(frozen=True)
class Term:
    """A word or a quoted phrase of the query; ``negated`` for -word."""

    text: str
    negated: bool = False

    @property
    def words(self) -> list[str]:
        """The folded words it stands for ("Güneydoğu" -> ["guneydogu"])."""
        return folded_words(self.text)


@dataclass(frozen=True)
class Match:
    """Where the words matched: a field label and a snippet with the matched spans."""

    where: str  # "subject", "country", "allegation 2", "body paragraph 1", "citation 1"
    snippet: str
    spans: list[tuple[int, int]]


@dataclass(frozen=True)
class SearchHit:
    """A case that matched, with where."""

    case: Case
    matches: list[Match]


@dataclass(frozen=True)
class SearchResult:
    """The newest hits and how many cases matched in all (counted up to ``COUNTED + 1``)."""

    query: str
    hits: list[SearchHit]
    total: int


def normalise_query(text: str) -> str:
    """One line, straight quotes."""
    return " ".join(text.replace("“", '"').replace("”", '"').split())


def parse_query(text: str) -> list[list[Term]]:
    """Clauses that must all hold; each a negated term or alternatives joined by ``or``."""
    text = normalise_query(text)
    if not text:
        raise Invalid("What should I look for? Give some words.")
    if len(text) > MAX_QUERY:
        raise Invalid(f"Keep the search under {MAX_QUERY} characters.")
    clauses: list[list[Term]] = []
    join_next = False
    for match in _TOKEN.finditer(text):
        if match[3] is not None and match[3].lower() == "or":
            join_next = bool(clauses) and not clauses[-1][0].negated
            continue
        negated = bool(match[1]) if match[2] is not None else match[3].startswith("-")
        raw = match[2] if match[2] is not None else match[3].lstrip("-")
        words = raw.strip().strip(_EDGE_PUNCTUATION).strip()
        if not words or not folded_words(words):
            continue
        term = Term(" ".join(words.split()), negated)
        if join_next and not negated:
            clauses[-1].append(term)
        else:
            clauses.append([term])
        join_next = False
    if not any(not clause[0].negated for clause in clauses):
        raise Invalid("Give at least one word to look for (a -word only excludes).")
    return clauses


def search_cases(
    *, session: Session, channel_id: str, text: str, limit: int = SHOWN
) -> SearchResult:
    """The cases of this channel matching the words, newest first, with where they matched."""
    clauses = parse_query(text)
    params = {"channel": channel_id, "limit": limit}
    if session.get_bind().dialect.name == "postgresql":
        params["query"] = _tsquery(clauses)
        total = session.scalar(_PG_COUNT, params) or 0
        # Few matches: all read by the GIN index, then the newest; many: the newest rows
        # read in order until enough match (PostgreSQL cannot guess which from a prefix).
        ids = list(session.scalars(_PG_FEW if total <= COUNTED else _PG_IDS, params))
    else:
        params["query"] = _fts_query(clauses)
        total = session.scalar(_FTS_COUNT, params) or 0
        ids = list(session.scalars(_FTS_IDS, params))
    positive = [term for clause in clauses for term in clause if not term.negated]
    hits = [SearchHit(case, find_matches(case, positive)) for case in _load(session, ids)]
    return SearchResult(query=normalise_query(text), hits=hits, total=total)


_PG_MATCH = (
    CaseWords.channel_id == bindparam("channel"),
    CaseWords.words.op("@@")(func.to_tsquery(SIMPLE, bindparam("query"))),
)
_PG_IDS = (
    select(CaseWords.case_id)
    .where(*_PG_MATCH)
    .order_by(CaseWords.case_id.desc())
    .limit(bindparam("limit"))
)
_PG_MATCHES = select(CaseWords.case_id).where(*_PG_MATCH).cte("matches").prefix_with("MATERIALIZED")
_PG_FEW = (
    select(_PG_MATCHES.c.case_id).order_by(_PG_MATCHES.c.case_id.desc()).limit(bindparam("limit"))
)
_PG_COUNT = select(func.count()).select_from(
    select(CaseWords.case_id).where(*_PG_MATCH).limit(COUNTED + 1).subquery()
)
# The full-text index drives (CROSS JOIN keeps SQLite from scanning the channel instead):
# its matches come newest first, each looked up once for its channel.
_FTS_MATCH = (
    "FROM case_words_fts CROSS JOIN case_words ON case_words.case_id = case_words_fts.rowid "
    "WHERE case_words_fts MATCH :query AND case_words.channel_id = :channel"
)
_FTS_IDS = sql(
    f"SELECT case_words.case_id {_FTS_MATCH} ORDER BY case_words_fts.rowid DESC LIMIT :limit"
)
_FTS_COUNT = sql(f"SELECT count(*) FROM (SELECT 1 {_FTS_MATCH} LIMIT {COUNTED + 1})")


def _tsquery(clauses: list[list[Term]]) -> str:
    """PostgreSQL: 'guneydogu':* & ('trade' <-> 'union':*) & !'shymkent':*."""

    def term(words: list[str]) -> str:
        return "(" + " <-> ".join(f"'{w}'" for w in words) + ":*)"

    parts = []
    for clause in clauses:
        if clause[0].negated:
            parts.append("!" + term(clause[0].words))
        else:
            parts.append("(" + " | ".join(term(t.words) for t in clause) + ")")
    return " & ".join(parts)


def _fts_query(clauses: list[list[Term]]) -> str:
    """SQLite FTS5: ("guneydogu"*) AND ("trade union"*) NOT ("shymkent"*)."""

    def term(words: list[str]) -> str:
        return '"' + " ".join(words) + '"*'

    positive = [
        "(" + " OR ".join(term(t.words) for t in clause) + ")"
        for clause in clauses
        if not clause[0].negated
    ]
    negative = [f"({term(clause[0].words)})" for clause in clauses if clause[0].negated]
    return " NOT ".join(["(" + " AND ".join(positive) + ")", *negative])


def case_fields(case: Case) -> list[tuple[str, str, int]]:
    """The searchable texts of a case with a label and a weight (sources are never here)."""
    fields = [("reference", case.printed, 3), ("subject", case.subject, 3)]
    fields += [(f"allegation {n}", a.text, 2) for n, a in enumerate(case.allegations, 1)]
    fields += [(f"body paragraph {n}", p.text, 2) for n, p in enumerate(case.body_paragraphs, 1)]
    fields += [(f"question {n}", q.text, 2) for n, q in enumerate(case.questions, 1)]
    for n, citation in enumerate(case.citations, 1):
        parts = [getattr(citation, column.key) for column in _CITATION_COLUMNS]
        fields.append((f"citation {n}", " ".join(p for p in parts if p), 1))
    return fields


def find_matches(case: Case, terms: list[Term]) -> list[Match]:
    """Up to three fields where a term occurs (words starting as typed), each with a snippet."""
    found: list[tuple[int, Match]] = []
    country = _country_match(case, terms)
    if country is not None:
        found.append((3 * len(country.spans), country))
    for where, text, weight in case_fields(case):
        spans = _spans(text, terms)
        if spans:
            found.append((weight * len(spans), _snippet(where, text, spans)))
    found.sort(key=lambda item: -item[0])
    return [match for _, match in found[:MATCHES_PER_CASE]]


def _country_match(case: Case, terms: list[Term]) -> Match | None:
    """The country, when a term names it: "Türkiye", or "Türkiye (Turkey)" for an alias."""
    name = country_name(case.country_code)
    for spelling in country_words(case.country_code):
        spans = _spans(spelling, terms)
        if not spans:
            continue
        if spelling == name:
            return Match(where="country", snippet=name, spans=spans)
        shift = len(name) + 2
        moved = [(start + shift, end + shift) for start, end in spans]
        return Match(where="country", snippet=f"{name} ({spelling})", spans=moved)
    return None


def _spans(text: str, terms: list[Term]) -> list[tuple[int, int]]:
    """Where the terms occur: each of their words in turn, the last one starting a word."""
    words = word_spans(text)
    spans = []
    for term in terms:
        wanted = term.words
        if not wanted:
            continue
        *whole, last = wanted
        for at in range(len(words) - len(wanted) + 1):
            here = words[at : at + len(wanted)]
            if [w for w, _, _ in here[:-1]] == whole and here[-1][0].startswith(last):
                spans.append((here[0][1], here[-1][2]))
    return _merge(spans)


def _snippet(where: str, text: str, spans: list[tuple[int, int]]) -> Match:
    """A window of the text around the first match, with the spans inside it."""
    start = max(0, spans[0][0] - SNIPPET_CONTEXT)
    end = min(len(text), spans[0][1] + SNIPPET_CONTEXT)
    if start > 0:
        space = text.find(" ", start, spans[0][0])
        start = space + 1 if space != -1 else start
    if end < len(text):
        space = text.rfind(" ", spans[0][1], end)
        end = space if space != -1 else end
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    snippet = prefix + " ".join(text[start:end].split("\n")) + suffix
    shift = len(prefix) - start
    inside = [(s + shift, e + shift) for s, e in spans if s >= start and e <= end]
    return Match(where=where, snippet=snippet, spans=_merge(inside))


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _load(session: Session, ids: list[int]) -> list[Case]:
    """The cases, newest first, with what ``find_matches`` reads."""
    if not ids:
        return []
    query = (
        select(Case)
        .where(Case.id.in_(ids))
        .order_by(Case.id.desc())
        .options(
            selectinload(Case.allegations),
            selectinload(Case.body_paragraphs),
            selectinload(Case.questions),
            selectinload(Case.citations),
        )
    )
    return list(session.scalars(query))
