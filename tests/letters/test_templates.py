"""Templates: team overrides, the sandbox, user text as data, citation snippets and the annex."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from jinja2.exceptions import SecurityError

from bot.letters.annex import citation_template_name, pinpoint_prose
from bot.letters.context import AnnexCitation, AnnexText
from bot.letters.document import Paragraph, plain_text_of
from bot.letters.render import render_letter

from .normalise import normalise
from .seed import CAT, HRC_24_5, ICCPR, ICESCR, ILO_C87, ILO_C98, UDHR, seed_letter_input


def _paragraph_texts(markdown_letter) -> list[str]:
    return [
        " ".join(plain_text_of(line) for line in block.lines)
        for block in markdown_letter.document.blocks
        if isinstance(block, Paragraph)
    ]


def _team_folder(tmp_path: Path, name: str, source: str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source, encoding="utf-8")
    return tmp_path


def test_team_override_changes_only_that_paragraph(tmp_path: Path) -> None:
    team = _team_folder(
        tmp_path,
        "letters/en/stock/publication.md.j2",
        "{% if state %}Your Excellency's Government's response will be published.{% endif %}\n",
    )
    shipped = _paragraph_texts(render_letter(seed_letter_input()))
    overridden = _paragraph_texts(render_letter(seed_letter_input(), templates_dir=team))
    changed = [(a, b) for a, b in zip(shipped, overridden, strict=True) if a != b]
    assert changed == [
        (
            "Your Excellency's Government's response will be made available in a report to be "
            "presented to the Human Rights Council for its consideration.",
            "Your Excellency's Government's response will be published.",
        )
    ]


def test_team_can_override_a_letter_type_block(tmp_path: Path) -> None:
    team = _team_folder(
        tmp_path,
        "letters/en/al.md.j2",
        '{% extends "letters/en/base.md.j2" %}\n{% block response %}Reply in {{ reply_days }} '
        "days, please.{% endblock %}\n",
    )
    text = normalise(render_letter(seed_letter_input(), templates_dir=team).to_plain_text())
    assert "Reply in 60 days, please." in text
    assert "We would appreciate receiving a response" not in text


def test_team_citation_snippet_wins_over_the_kind_default(tmp_path: Path) -> None:
    team = _team_folder(
        tmp_path, "citations/en/iccpr.j2", "See the Covenant ({{ citation.pinpoint }}).\n"
    )
    text = normalise(render_letter(seed_letter_input(), templates_dir=team).to_plain_text())
    assert "See the Covenant (article 21)." in text
    assert "International Covenant on Civil and Political Rights, ratified" not in text


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ signatories[0].__class__.__init__.__globals__ }}",
        "{{ cycler.__init__.__globals__.os }}",
    ],
)
def test_team_templates_run_in_the_sandbox(tmp_path: Path, source: str) -> None:
    team = _team_folder(tmp_path, "letters/en/stock/closing.md.j2", source)
    with pytest.raises(SecurityError):
        render_letter(seed_letter_input(), templates_dir=team)


def test_user_text_is_never_template_source() -> None:
    allegation = "He wrote {{ 7*7 }} and {% for x in range(3) %}{{ x }}{% endfor %} on a wall."
    letter = seed_letter_input(
        allegations=(allegation,),
        subject="the {{ config }} case",
        questions=("Is {# this #} a comment?",),
        annex=(AnnexText("{% raw %}{{ 7*7 }}"), AnnexCitation(ICCPR, topic="{{ topic }}")),
    )
    rendered = render_letter(letter)
    text = rendered.to_plain_text()
    assert allegation in text
    assert "the {{ config }} case" in text and "Is {# this #} a comment?" in text
    assert "{% raw %}{{ 7*7 }}" in text and "to the {{ topic }} as set forth in" in text
    assert "49" not in text
    assert "{{ 7\\*7 }}" in rendered.markdown  # Markdown escapes the star; Word shows it plainly
    assert allegation in normalise_docx(rendered.to_docx())


def normalise_docx(data: bytes) -> str:
    import io

    import docx

    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def test_markdown_in_user_text_is_printed_literally() -> None:
    allegations = ("# Not a heading", "1. Not a list item", "Stars **are** not bold_here_")
    rendered = render_letter(seed_letter_input(allegations=allegations))
    text = rendered.to_plain_text()
    for allegation in allegations:
        assert f"\n\n{allegation}\n\n" in text
    assert "\\# Not a heading" in rendered.markdown and "1\\. Not a list" in rendered.markdown


@pytest.mark.parametrize(
    ("key", "name"),
    [
        ("HRC-24/5", "hrc-24_5"),
        ("ICCPR", "iccpr"),
        ("ILO-C87", "ilo-c87"),
        ("A/RES/53 144", "a_res_53_144"),
    ],
)
def test_citation_template_name(key: str, name: str) -> None:
    assert citation_template_name(key) == name


@pytest.mark.parametrize(
    ("pinpoint", "language", "prose"),
    [
        ("art. 21", "en", "article 21"),
        ("arts. 1 and 2", "en", "articles 1 and 2"),
        ("arts. 1, 2 and 5(a)", "en", "articles 1, 2 and 5(a)"),
        ("para. 34", "en", "paragraph 34"),
        ("paras. 3-5", "en", "paragraphs 3-5"),
        ("OP2", "en", "OP2"),
        ("art. 21", "fr", "l'article 21"),
        ("arts. 1 and 2", "fr", "les articles 1 et 2"),
        ("OP2", "fr", "par. 2 du dispositif"),
        ("arts. 1 and 2", "es", "los artículos 1 y 2"),
        ("párr. 7", "es", "el párrafo 7"),
        ("article 9", "en", "article 9"),
    ],
)
def test_pinpoint_prose(pinpoint: str, language: str, prose: str) -> None:
    assert pinpoint_prose(pinpoint, language) == prose


def _annex_text(*annex, **overrides) -> str:
    text = normalise(render_letter(seed_letter_input(annex=annex, **overrides)).to_plain_text())
    return text.split("Annex Reference to international human rights law ", 1)[1]


def test_referral_names_labour_rights_only_when_the_ilo_is_cited() -> None:
    human = "international human rights instruments and standards relevant"
    labour = "international human and labour rights instruments and standards relevant"
    without = normalise(render_letter(seed_letter_input(annex=(AnnexCitation(ICCPR),))).markdown)
    assert human in without and labour not in without
    for annex in (
        (AnnexCitation(ICCPR), AnnexCitation(ILO_C87)),
        (AnnexText("The International Labour Organization has said so."),),
        (AnnexText("The ILO supervisory bodies have said so."),),
    ):
        assert labour in normalise(render_letter(seed_letter_input(annex=annex)).markdown)


def test_undated_ratification_is_left_out() -> None:
    text = _annex_text(
        AnnexCitation(CAT, "art. 1"), AnnexCitation(ICESCR, "art. 8", ratified=dt.date(2006, 1, 24))
    )
    assert text.startswith(
        "In relation to the allegations indicated in this letter, we would like to refer your "
        "Excellency's Government to article 1 of the Convention against Torture and Other Cruel, "
        "Inhuman or Degrading Treatment or Punishment. We would also like to refer your "
        "Excellency's Government to article 8 of the International Covenant on Economic, Social "
        "and Cultural Rights, ratified by Kazakhstan on 24 January 2006."
    )


def test_ilo_group_first_and_partly_dated() -> None:
    text = _annex_text(
        AnnexCitation(ILO_C87, ratified=dt.date(2000, 12, 13)), AnnexCitation(ILO_C98)
    )
    assert text == (
        "In relation to the allegations indicated in this letter, we would like to refer your "
        "Excellency's Government to Conventions 87 and 98 of the International Labour "
        "Organization (ILO); Kazakhstan ratified Convention 87 on 13 December 2000."
    )


def test_citations_of_a_group_apart_are_not_merged() -> None:
    text = _annex_text(
        AnnexCitation(ILO_C87, ratified=dt.date(2000, 12, 13)),
        AnnexText("Between them."),
        AnnexCitation(ILO_C98, ratified=dt.date(2001, 5, 18)),
    )
    assert "Convention 87 of the International Labour Organization (ILO), ratified by " in text
    assert "Convention 98 of the International Labour Organization (ILO), ratified by " in text


def test_resolution_and_declaration_defaults() -> None:
    text = _annex_text(
        AnnexCitation(HRC_24_5, "OP2", quote="calls upon States"),
        AnnexCitation(UDHR, "art. 20", "right to freedom of peaceful assembly"),
        AnnexCitation(UDHR),
    )
    assert text == (
        "In relation to the allegations indicated in this letter, we would like to refer your "
        "Excellency's Government to resolution 24/5 of the Human Rights Council. In this "
        'resolution, the Council "calls upon States" (OP2). We would like further to refer your '
        "Excellency's Government to the right to freedom of peaceful assembly as set forth in "
        "article 20 of the Universal Declaration of Human Rights. We would like further to refer "
        "your Excellency's Government to the fundamental principles set forth in the Universal "
        "Declaration of Human Rights."
    )


def test_free_paragraph_after_free_paragraph_starts_a_new_paragraph() -> None:
    rendered = render_letter(seed_letter_input(annex=(AnnexText("One."), AnnexText("Two."))))
    assert rendered.markdown.endswith("law**\n\nOne.\n\nTwo.\n")


def test_ilo_check_keeps_the_entries() -> None:
    assert ILO_C98.group == ILO_C87.group == "ILO"
