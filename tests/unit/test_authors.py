"""Who signs new annotations: --author, $POLICY_ANNOTATE_AUTHOR, the remembered name, the file's
only author; and the remembered name in the user's config folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from unit_helpers import make_annotation

from annotations.errors import PolicyAnnotateError
from annotations.session.authors import known_author, single_author
from tui.user_config import config_file, remember_author, remembered_author

TEXT = "One sentence here. Another sentence there.\n"


def test_the_first_given_name_wins() -> None:
    assert known_author("me", "env", "kept") == "me"
    assert known_author(None, "env", "kept") == "env"
    assert known_author("  ", " ", "kept") == "kept"
    assert known_author(None, None, None) is None


def test_the_file_author_counts_only_when_there_is_exactly_one() -> None:
    one = make_annotation(TEXT, 0, 18, "a1", author="ana")
    same = make_annotation(TEXT, 19, 42, "a2", author="ana")
    other = make_annotation(TEXT, 19, 42, "a3", author="ben")
    unsigned = make_annotation(TEXT, 19, 42, "a4", author="")
    assert single_author([one, same, unsigned]) == "ana"
    assert single_author([one, other]) is None
    assert single_author([]) is None
    assert single_author([unsigned]) is None


@pytest.fixture
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path / "config" / "policy-annotate"


def test_the_name_is_remembered_in_the_config_folder(config_home: Path) -> None:
    assert remembered_author() is None
    remember_author("Jane [b]Doe[/b]")
    assert config_file() == config_home / "config.toml"
    assert remembered_author() == "Jane [b]Doe[/b]"
    # other settings in the file are kept
    config_file().write_text('author = "Jane"\ntheme = "dark"\n', encoding="utf-8")
    remember_author("Ana")
    text = config_file().read_text(encoding="utf-8")
    assert 'theme = "dark"' in text
    assert remembered_author() == "Ana"


def test_a_broken_config_is_one_line_naming_it(config_home: Path) -> None:
    config_home.mkdir(parents=True)
    (config_home / "config.toml").write_text("author = [oops\n", encoding="utf-8")
    with pytest.raises(PolicyAnnotateError) as caught:
        remembered_author()
    assert str(config_home / "config.toml") in str(caught.value)
    assert "\n" not in str(caught.value)
