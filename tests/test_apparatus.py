"""Texts with an inline bracket apparatus: two versions in one printed text."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from collate.apparatus import (
    KINDS,
    expand_apparatus,
    load_overrides,
    render_report,
    run_apparatus,
)
from collate.errors import ConfigError, InputError
from collate.readers import load_witnesses


def expand(text: str, overrides=None):
    result = expand_apparatus(text, overrides)
    return result.base, result.bracketed, result.brackets


def test_substitution_word_for_word():
    base, bracketed, (rec,) = expand("Our economy must catch up [be equal] to Europe.\n")
    assert base == "Our economy must catch up to Europe.\n"
    assert bracketed == "Our economy must be equal to Europe.\n"
    assert (rec.kind, rec.scope_text, rec.reading, rec.rule) == ("replacement", "catch up", "be equal", "word for word")


def test_substitution_sharing_words_takes_the_aligned_span():
    text = "A horde of servants, supported by Russian gold, depicting themselves [which for Russian gold depict themselves] as the proletariat.\n"
    base, bracketed, (rec,) = expand(text)
    assert rec.scope_text == "supported by Russian gold, depicting themselves"
    assert bracketed == "A horde of servants, which for Russian gold depict themselves as the proletariat.\n"
    assert base == "A horde of servants, supported by Russian gold, depicting themselves as the proletariat.\n"
    assert rec.rule == "shared words" and 0.7 < rec.confidence < 0.9


def test_substitution_of_a_phrase_with_a_shared_word():
    _, bracketed, (rec,) = expand("It is in a bad situation at this moment [at one moment], when we wait.\n")
    assert rec.scope_text == "at this moment"
    assert bracketed == "It is in a bad situation at one moment, when we wait.\n"


def test_omission_of_a_modifier():
    base, bracketed, (rec,) = expand("It rested on the uninterrupted [omitted] expansion of industry.\n")
    assert base == "It rested on the uninterrupted expansion of industry.\n"
    assert bracketed == "It rested on the expansion of industry.\n"
    assert (rec.kind, rec.scope_text, rec.reading) == ("omission", "uninterrupted", "")


def test_omission_of_a_coordinated_modifier():
    _, bracketed, (rec,) = expand("the rural and urban [omitted] bourgeoisie engaged in trade\n")
    assert rec.scope_text == "and urban"
    assert bracketed == "the rural bourgeoisie engaged in trade\n"


def test_omission_of_a_prepositional_phrase():
    _, bracketed, (rec,) = expand("To help it develop in its current form [omitted] — are utopian attempts.\n")
    assert rec.scope_text == "in its current form"
    assert bracketed == "To help it develop — are utopian attempts.\n"


def test_omission_of_a_function_word():
    _, bracketed, (rec,) = expand("the urban economy and [omitted] on enormous resources\n")
    assert (rec.scope_text, bracketed) == ("and", "the urban economy on enormous resources\n")


def test_omission_of_the_clause_it_closes():
    _, bracketed, (rec,) = expand("the base of our rule, large state industry, [omitted] with energy\n")
    assert rec.scope_text == "large state industry,"
    assert bracketed == "the base of our rule, with energy\n"


def test_omission_before_punctuation_leaves_no_space():
    base, bracketed, _ = expand("which it possesses in reality [omitted from version 2]. I say\n")
    assert base == "which it possesses in reality. I say\n"
    assert bracketed == "which it possesses. I say\n"


def test_quotation_marks_omitted():
    base, bracketed, (rec,) = expand("resources “for defense of the country” [quotation marks omitted]. The\n")
    assert base == "resources “for defense of the country”. The\n"
    assert bracketed == "resources for defense of the country. The\n"
    assert rec.kind == "replacement" and rec.rule == "quotation"


def test_addition_of_a_paragraph():
    text = "First paragraph;\n\n[A paragraph only the second version has.]\n\nc) Third paragraph.\n"
    base, bracketed, (rec,) = expand(text)
    assert base == "First paragraph;\n\nc) Third paragraph.\n"
    assert bracketed == "First paragraph;\n\nA paragraph only the second version has.\n\nc) Third paragraph.\n"
    assert (rec.kind, rec.scope_text, rec.rule) == ("addition", "", "new paragraph")


def test_addition_of_a_sentence_unlike_the_one_before():
    text = "This flaw explains the persecution of unions. [The labour government is bourgeois.] It is disastrous.\n"
    base, bracketed, (rec,) = expand(text)
    assert rec.kind == "addition"
    assert base == "This flaw explains the persecution of unions. It is disastrous.\n"
    assert (
        bracketed
        == "This flaw explains the persecution of unions. The labour government is bourgeois. It is disastrous.\n"
    )


def test_substitution_of_a_sentence_like_the_one_before():
    text = (
        "Those methods, by which the Comintern tries to conquer the working masses — are obviously hopeless. "
        "[But the soil, on which the Comintern feeds — the working masses — is obviously hopeless.] They estrange us.\n"
    )
    _, bracketed, (rec,) = expand(text)
    assert rec.kind == "replacement" and rec.rule == "sentence"
    assert rec.scope_text.startswith("Those methods")
    assert bracketed.startswith("But the soil, on which")


@pytest.mark.parametrize(
    "text, reading_first",
    [
        ("This policy will [further] serve our goals.\n", "This policy will further serve our goals.\n"),
        ("there is no hope, since [indeed] all are traitors\n", "there is no hope, since indeed all are traitors\n"),
        ("with that [role and] specific gravity\n", "with that role and specific gravity\n"),
        (
            "the satisfaction of the everyday [improvements of the] needs\n",
            "the satisfaction of the everyday improvements of the needs\n",
        ),
        (
            "the “Workers’ Opposition,” [that is] against supporters\n",
            "the “Workers’ Opposition,” that is against supporters\n",
        ),
    ],
)
def test_addition_of_words(text, reading_first):
    _, bracketed, (rec,) = expand(text)
    assert rec.kind == "addition"
    assert bracketed == reading_first


def test_function_word_for_function_word():
    _, bracketed, (rec,) = expand("long before any demise, even before [at] the conference.\n")
    assert (rec.kind, rec.scope_text, bracketed) == (
        "replacement",
        "before",
        "long before any demise, even at the conference.\n",
    )


def test_editorial_note_kept_in_both_versions():
    base, bracketed, (rec,) = expand("Return it in a short time. [circa 20 January 1924]\n")
    assert base == bracketed == "Return it in a short time. [circa 20 January 1924]\n"
    assert rec.kind == "editorial"
    base, bracketed, (rec,) = expand("He wrote recieve [sic] twice.\n")
    assert base == bracketed and rec.kind == "editorial"


def test_scopes_never_cross_an_earlier_bracket():
    text = "the [former] illusion of the peasantry [omitted] with the illusion\n"
    _, bracketed, records = expand(text)
    assert records[1].scope_text == "of the peasantry"
    assert bracketed == "the former illusion with the illusion\n"


def test_site_spans_point_at_scope_and_reading():
    text = "Since we have significant [enormous] supplies, and since demand for now [omitted] is limited.\n"
    base, bracketed, records = expand(text)
    for rec in records:
        assert base[slice(*rec.base_span)] == rec.scope_text
        assert bracketed[slice(*rec.bracketed_span)] == rec.reading


def test_unclosed_bracket_is_refused_with_its_line():
    with pytest.raises(InputError, match=r"letter.txt: line 2: '\[' is never closed"):
        expand_apparatus("fine\nthe writing [ was interrupted\n", source="letter.txt")
    with pytest.raises(InputError, match="a bracket opens inside the bracket opened on line 1"):
        expand_apparatus("[ was interrupted. [circa 1924]\n")


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


TEXT = "they would try to overthrow us [omitted] and might meet no resistance.\n"


def test_override_fixes_a_scope(tmp_path):
    path = write(
        tmp_path,
        "o.toml",
        '[[bracket]]\nat = "us [omitted]"\nscope = "would try to overthrow us"\nreason = "the verb phrase"\n',
    )
    base, bracketed, (rec,) = expand(TEXT, load_overrides(path))
    assert bracketed == "they and might meet no resistance.\n"
    assert (rec.decided, rec.reason, rec.confidence) == ("overridden", "the verb phrase", 1.0)
    assert base == "they would try to overthrow us and might meet no resistance.\n"


def test_override_marks_a_bracket_editorial(tmp_path):
    path = write(tmp_path, "o.toml", '[[bracket]]\nat = "[omitted]"\nkind = "editorial"\nreason = "a note"\n')
    base, bracketed, (rec,) = expand(TEXT, load_overrides(path))
    assert base == bracketed == TEXT
    assert rec.kind == "editorial"


@pytest.mark.parametrize(
    "content, message",
    [
        ('[[bracket]]\nat = "nowhere [x]"\nreason = "r"\nkind = "addition"\n', "occurs 0 times"),
        ('[[bracket]]\nat = "us"\nreason = "r"\nkind = "addition"\n', "contains 0 whole brackets"),
        (
            '[[bracket]]\nat = "[omitted]"\nreason = "r"\nscope = "might meet"\n',
            "is not the text right before the bracket",
        ),
        ('[[bracket]]\nat = "[omitted]"\nreason = "r"\n', "give a 'kind', a 'scope' or both"),
        ('[[bracket]]\nat = "[omitted]"\nkind = "addition"\n', "'reason' is required"),
        ('[[bracket]]\nat = "[omitted]"\nkind = "moved"\nreason = "r"\n', "kind 'moved' is not one of"),
        ('[[bracket]]\nat = "[omitted]"\nkind = "omission"\nreason = "r"\nwhere = 3\n', "unknown key"),
        ("[[bracket]\n", "is not valid TOML"),
    ],
)
def test_bad_override_file_is_refused_naming_it(tmp_path, content, message):
    path = write(tmp_path, "bad.toml", content)
    with pytest.raises(ConfigError, match=message) as info:
        expand(TEXT, load_overrides(path))
    assert str(path) in str(info.value)


def test_missing_override_file(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_overrides(tmp_path / "none.toml")


def test_report_lists_every_bracket():
    result = expand_apparatus("Big words [terms] here [omitted]. Recieve [sic] it.\n\n[New paragraph.]\n")
    report = render_report(result, ("1926", "Baku"))
    rows = [line for line in report.splitlines() if line.startswith("| ") and not line.startswith("| #")]
    assert len(rows) == len(result.brackets) == 4
    assert "4 brackets: 1 replacement, 1 omission, 1 addition, 1 editorial" in report
    assert sum(result.count(k) for k in KINDS) == 4


def test_run_apparatus_writes_two_loadable_witnesses(tmp_path):
    source = write(tmp_path, "letter.txt", "We must catch up [be equal] to Europe.\n\n[We demand loans.]\n")
    run_apparatus(source, tmp_path / "out", report=tmp_path / "report.md", sigla=("1926", "Baku"))
    witnesses = load_witnesses([tmp_path / "out"])
    assert [w.siglum for w in witnesses] == ["1926", "Baku"]
    assert witnesses[1].text == "We must be equal to Europe.\n\nWe demand loans.\n"
    assert "2 brackets" in (tmp_path / "report.md").read_text(encoding="utf-8")


def test_cli_apparatus(tmp_path):
    from collate.cli import main

    source = write(tmp_path, "letter.txt", "We must catch up [be equal] to Europe.\n")
    result = CliRunner().invoke(main, ["apparatus", str(source), "--out-dir", str(tmp_path / "w"), "--sigla", "A,B"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "w" / "b.txt").read_text(encoding="utf-8") == "We must be equal to Europe.\n"
    bad = CliRunner().invoke(main, ["apparatus", str(tmp_path / "none.txt"), "--out-dir", str(tmp_path / "w")])
    assert bad.exit_code == 3 and "Error: " in bad.output and "does not exist" in bad.output
    overrides = write(tmp_path, "o.toml", "[[bracket]\n")
    bad = CliRunner().invoke(
        main, ["apparatus", str(source), "--out-dir", str(tmp_path / "w"), "--overrides", str(overrides)]
    )
    assert bad.exit_code == 8 and f"Error: {overrides} is not valid TOML" in bad.output


def test_cli_apparatus_writes_all_or_none(tmp_path):
    """A report that cannot be written leaves no witness file behind, and no temporary file."""
    from collate.cli import main

    source = write(tmp_path, "letter.txt", "We must catch up [be equal] to Europe.\n")
    (tmp_path / "report.md").mkdir()  # a directory where the report should go
    out = tmp_path / "w"
    result = CliRunner().invoke(
        main, ["apparatus", str(source), "--out-dir", str(out), "--sigla", "A,B", "--report", str(tmp_path / "report.md")]
    )
    assert result.exit_code == 7, result.output
    assert result.output.startswith(f"Error: {tmp_path / 'report.md'} is a directory")
    assert list(out.iterdir()) == []


# -- invariants -------------------------------------------------------------------------------

words = st.sampled_from(
    [
        "the",
        "policy",
        "of",
        "our",
        "party",
        "will",
        "serve",
        "and",
        "workers",
        "in",
        "Europe",
        "masses",
        "must",
        "catch",
        "up",
        "to",
        "it",
    ]
)
phrase = st.lists(words, min_size=1, max_size=4).map(" ".join)
bracket = st.one_of(st.just("[omitted]"), phrase.map(lambda p: f"[{p}]"))


@st.composite
def inline_texts(draw):
    parts = []
    for _ in range(draw(st.integers(1, 5))):
        parts.append(draw(phrase))
        if draw(st.booleans()):
            parts.append(draw(bracket))
        parts.append(draw(st.sampled_from([" ", ", ", ". ", ".\n\n"])))
    return "".join(parts).strip() + "\n"


@settings(max_examples=200, deadline=None)
@given(inline_texts())
def test_both_versions_are_free_of_brackets_and_sites_are_exact(text):
    result = expand_apparatus(text)
    assert "[" not in result.base and "]" not in result.base
    assert "[" not in result.bracketed and "]" not in result.bracketed
    assert len(result.brackets) == text.count("[")
    for version in (result.base, result.bracketed):  # cutting and pasting leaves tidy spacing
        assert "  " not in version and " ," not in version and " ." not in version and not version.startswith(" ")
    for rec in result.brackets:
        assert result.base[slice(*rec.base_span)] == rec.scope_text
        assert result.bracketed[slice(*rec.bracketed_span)] == rec.reading
        assert 0.0 <= rec.confidence <= 1.0 and rec.kind in KINDS


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_characters="[]", blacklist_categories=("Cs",)), max_size=200))
def test_text_without_brackets_is_both_versions(text):
    result = expand_apparatus(text)
    assert result.base == result.bracketed == text
    assert result.brackets == ()


def test_witness_toml_reads_back_whatever_the_values_hold():
    """The witness files' TOML is written by a TOML library: quotes, backslashes, line breaks and
    non-Latin letters in a value read back as they were."""
    import tomllib

    from collate.apparatus import witness_toml

    meta = {"title": 'The "Baku" letter \\ draft', "notes": "line one\nline two\ttabbed", "author": "Медведев"}
    assert tomllib.loads(witness_toml('1926 "A"', meta)) == {"witness": {"siglum": '1926 "A"', **meta}}
