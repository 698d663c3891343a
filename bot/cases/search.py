"""Full-text search over a channel's cases: subjects, allegations and citations (never sources).

PostgreSQL ranks with its full-text search (English stems, and the words as typed);
SQLite falls back to LIKE: every word (or "quoted phrase") must appear, -word excludes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import (
    ColumnElement,
    SQLColumnExpression,
    and_,
    exists,
    func,
    literal_column,
    not_,
    or_,
    select,
)
from sqlalchemy.orm import Session, selectinload

from bot.cases.models import Allegation, Case, CaseCitation
from bot.errors import Invalid

MAX_QUERY = 200
SHOWN = 10
SNIPPET_CONTEXT = 70
MATCHES_PER_CASE = 3
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


@dataclass(frozen=True)
class Match:
    """Where the words matched: a field label and a snippet with the matched spans."""

    where: str  # "subject", "allegation 2", "citation 1"
    snippet: str
    spans: list[tuple[int, int]]


@dataclass(frozen=True)
class SearchHit:
    """A case that matched, with where."""

    case: Case
    matches: list[Match]


@dataclass(frozen=True)
class SearchResult:
    """The best hits and how many cases matched in all."""

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
        if not words:
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
    """The cases of this channel matching the words, best first, with where they matched."""
    clauses = parse_query(text)
    text = normalise_query(text)
    if session.get_bind().dialect.name == "postgresql":
        ranked = _postgres_ids(session, channel_id, text)
    else:
        ranked = _like_ids(session, channel_id, clauses)
    cases = _load(session, ranked)
    positive = [term for clause in clauses for term in clause if not term.negated]
    hits = [SearchHit(case, find_matches(case, positive)) for case in cases]
    if session.get_bind().dialect.name != "postgresql":
        hits.sort(key=lambda hit: (-_score(hit), -hit.case.id))
    else:
        order = {case_id: n for n, case_id in enumerate(ranked)}
        hits.sort(key=lambda hit: order[hit.case.id])
    return SearchResult(query=text.strip(), hits=hits[:limit], total=len(hits))


def case_fields(case: Case) -> list[tuple[str, str, int]]:
    """The searchable texts of a case with a label and a weight (sources are never here)."""
    fields = [("subject", case.subject, 3)]
    fields += [(f"allegation {n}", a.text, 2) for n, a in enumerate(case.allegations, 1)]
    for n, citation in enumerate(case.citations, 1):
        parts = [getattr(citation, column.key) for column in _CITATION_COLUMNS]
        fields.append((f"citation {n}", " ".join(p for p in parts if p), 1))
    return fields


def find_matches(case: Case, terms: list[Term]) -> list[Match]:
    """Up to three fields where a term occurs (as typed, or by its stem), each with a snippet."""
    found: list[tuple[int, Match]] = []
    for where, text, weight in case_fields(case):
        spans = sorted(span for term in terms for span in _spans(text, term.text))
        if spans:
            found.append((weight * len(spans), _snippet(where, text, spans)))
    found.sort(key=lambda item: -item[0])
    return [match for _, match in found[:MATCHES_PER_CASE]]


def _spans(text: str, term: str) -> list[tuple[int, int]]:
    """Where the term occurs, ignoring case; failing that, words starting with its stem."""
    folded, needle = text.casefold(), term.casefold()
    if len(folded) != len(text):  # casefold changed lengths (ß): fall back to lower()
        folded, needle = text.lower(), term.lower()
    spans = [_whole_words(text, m.start(), m.end()) for m in re.finditer(re.escape(needle), folded)]
    if spans or " " in needle or len(needle) < 5:
        return spans
    stem = needle[: max(4, len(needle) - 3)]
    return [(m.start(), m.end()) for m in re.finditer(rf"\b{re.escape(stem)}\w*", folded)]


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span to whole words ("union" in "unions"), so that it can be shown in bold."""
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return start, end


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


def _score(hit: SearchHit) -> int:
    weights = {"subject": 3, "allegation": 2, "citation": 1}
    return sum(weights[m.where.split()[0]] * len(m.spans) for m in hit.matches)


def _load(session: Session, ids: list[int]) -> list[Case]:
    if not ids:
        return []
    query = (
        select(Case)
        .where(Case.id.in_(ids))
        .options(selectinload(Case.allegations), selectinload(Case.citations))
    )
    return list(session.scalars(query))


def _like(column: SQLColumnExpression[str | None], term: str) -> ColumnElement[bool]:
    pattern = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return column.ilike(pattern, escape="\\")


def _term_matches(term: str) -> ColumnElement[bool]:
    """The term appears in the subject, an allegation or a citation of the case."""
    return or_(
        _like(Case.subject, term),
        exists().where(Allegation.case_id == Case.id, _like(Allegation.text, term)),
        exists().where(
            CaseCitation.case_id == Case.id,
            or_(*(_like(column, term) for column in _CITATION_COLUMNS)),
        ),
    )


def _like_ids(session: Session, channel_id: str, clauses: list[list[Term]]) -> list[int]:
    """SQLite: every clause holds (LIKE, case-insensitive for ASCII letters)."""
    conditions = []
    for clause in clauses:
        if clause[0].negated:
            conditions.append(not_(_term_matches(clause[0].text)))
        else:
            conditions.append(or_(*(_term_matches(term.text) for term in clause)))
    query = select(Case.id).where(Case.channel_id == channel_id, and_(*conditions))
    return list(session.scalars(query))


def _postgres_ids(session: Session, channel_id: str, text: str) -> list[int]:
    """PostgreSQL: websearch_to_tsquery on the weighted case text, English stems or as typed."""
    allegations = (
        select(func.string_agg(Allegation.text, literal_column("' '")))
        .where(Allegation.case_id == Case.id)
        .scalar_subquery()
    )
    citation_text = func.concat_ws(literal_column("' '"), *_CITATION_COLUMNS)
    citations = (
        select(func.string_agg(citation_text, literal_column("' '")))
        .where(CaseCitation.case_id == Case.id)
        .scalar_subquery()
    )

    def vector(config: str) -> ColumnElement:
        regconfig: ColumnElement[str] = literal_column(f"'{config}'::regconfig")
        parts = [
            func.setweight(func.to_tsvector(regconfig, func.coalesce(part, "")), weight)
            for part, weight in (
                (Case.subject, literal_column("'A'")),
                (allegations, literal_column("'B'")),
                (citations, literal_column("'C'")),
            )
        ]
        return parts[0].op("||")(parts[1]).op("||")(parts[2])

    documents = (
        select(
            Case.id.label("id"),
            vector("english").label("english"),
            vector("simple").label("simple"),
        )
        .where(Case.channel_id == channel_id)
        .cte("documents")
    )
    english = func.websearch_to_tsquery(literal_column("'english'::regconfig"), text)
    simple = func.websearch_to_tsquery(literal_column("'simple'::regconfig"), text)
    rank = func.greatest(
        func.ts_rank(documents.c.english, english), func.ts_rank(documents.c.simple, simple)
    )
    query = (
        select(documents.c.id)
        .where(or_(documents.c.english.op("@@")(english), documents.c.simple.op("@@")(simple)))
        .order_by(rank.desc(), documents.c.id.desc())
    )
    return list(session.scalars(query))
