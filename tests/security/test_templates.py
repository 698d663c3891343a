"""User text is data, never a template; a team's own templates run in Jinja's sandbox."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from jinja2.exceptions import SecurityError, TemplateNotFound

from bot.letters.context import AnnexText, LetterInput, Signatory
from bot.letters.render import render_letter
from bot.local.workspace import LocalWorkspace
from handlers.letters.letter_messages import to_slack_messages

TEMPLATE_TEXT = [
    "{{ 7*191 }}",
    "{% for x in range(3) %}looped{% endfor %}",
    "{{ config }} {{ self }} {{ ''.__class__.__mro__ }}",
    "{# hidden #} {%raw%} ${7*191} #{7*191}",
]
SIGNATORY = Signatory(
    code="FOAA",
    title="Special Rapporteur {{ 7*191 }}",
    resolutions=("32/32",),
    holders=("{{ lipsum.__globals__ }}",),
)


def letter(**overrides) -> LetterInput:
    text = " ".join(TEMPLATE_TEXT)
    fields = dict(
        letter_type="AL",
        language="en",
        country_code="OTH",
        signatories=(SIGNATORY,),
        subject=f"the closure {text}",
        addressee=f"Company {text}",
        reference="AL OTH 1/2017",
        date=dt.date(2017, 1, 23),
        allegations=tuple(TEMPLATE_TEXT),
        concern=text,
        questions=(text,),
        urge=text,
        annex=(AnnexText(text),),
    )
    return LetterInput(**{**fields, **overrides})


@pytest.mark.parametrize("language", ["en", "fr", "es"])
@pytest.mark.parametrize("letter_type", ["AL", "UA", "OL"])
def test_user_text_is_printed_not_evaluated(language: str, letter_type: str) -> None:
    rendered = render_letter(letter(language=language, letter_type=letter_type))
    outputs = {
        "markdown": rendered.to_markdown(),
        "plain": rendered.to_plain_text(),
        "slack": str(to_slack_messages(rendered.document)),
    }
    for name, text in outputs.items():
        assert "1337" not in text, name  # 7*191 was not computed
        assert "loopedlooped" not in text, name  # the loop did not run
        assert "Environment" not in text and "<class" not in text, name
        assert "7*191" in text.replace("\\", ""), name  # it is there, as typed
        assert "{%raw%}" in text.replace("\\", ""), name


def test_a_draft_prints_template_syntax_literally(workspace: LocalWorkspace, session) -> None:
    workspace.command("/case open KAZ AL FOAA the {{ 7*191 }} closure of a union")
    for text in TEMPLATE_TEXT:
        assert workspace.command(f"/allegation 1 {text}").status == 200
    answer = workspace.command("/letter 1 draft")
    assert answer.status == 200 and "Something went wrong" not in answer.body
    posted = " ".join(str(c.params) for c in workspace.fake.calls if c.method != "upload")
    assert "7*191" in posted.replace("\\", "")
    assert "1337" not in posted and "loopedlooped" not in posted


ESCAPES = {
    "attribute of a class": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "function globals": "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "format string": "{{ '{0.__class__}'.format(signatories) }}",
    "a method's code": "{{ signatories[0].__init__.__code__ }}",
}


@pytest.mark.parametrize("body", ESCAPES.values(), ids=list(ESCAPES))
def test_team_templates_run_sandboxed(tmp_path: Path, body: str) -> None:
    folder = tmp_path / "letters" / "en"
    folder.mkdir(parents=True)
    (folder / "al.md.j2").write_text("Dear {{ addressee }},\n\n" + body + "\n")
    with pytest.raises(SecurityError):
        render_letter(letter(), templates_dir=tmp_path)


@pytest.mark.parametrize("path", ["/etc/passwd", "../../../../etc/passwd"])
def test_team_templates_cannot_include_files_outside_the_folders(tmp_path: Path, path: str) -> None:
    folder = tmp_path / "letters" / "en"
    folder.mkdir(parents=True)
    (folder / "al.md.j2").write_text("{% include '" + path + "' %}\n")
    with pytest.raises(TemplateNotFound):
        render_letter(letter(), templates_dir=tmp_path)
