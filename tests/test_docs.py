"""Drift checks: every command is documented, the README's commands are the ones CI runs, lexicons load."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from corridor.cli import main
from corridor.extract.lexicon import BUILTIN, Lexicon
from corridor.extract.statements import default_tagger

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found = []
    for name, cmd in sorted(group.commands.items()):
        found.append((f"{prefix}{name}", cmd))
        if isinstance(cmd, click.Group):
            found += commands(cmd, f"{prefix}{name} ")
    return found


@pytest.mark.parametrize("name, cmd", commands(main), ids=[n for n, _ in commands(main)])
def test_docs_every_command_has_help_and_a_readme_entry(name: str, cmd: click.Command) -> None:
    assert (cmd.help or "").strip(), f"`corridor {name}` has no help text"
    assert re.search(rf"corridor {re.escape(name)}\b", README), f"README does not mention `corridor {name}`"


def readme_examples() -> list[tuple[str, str]]:
    """Each `$ command` indented in the README, with the indented lines under it: what it prints."""
    examples = re.findall(r"^    \$ (.+)\n((?:    (?!\$ ).*\n)*)", README, flags=re.MULTILINE)
    return [
        (command, "".join(line[4:] + "\n" for line in output.splitlines())) for command, output in examples
    ]


def test_docs_readme_has_examples_that_need_only_the_clone() -> None:
    examples = readme_examples()
    assert examples
    for command, _ in examples:
        assert "shared" not in command, f"{command!r} needs a folder a fresh clone does not have"
        for word in shlex.split(command):
            if "/" in word and not word.startswith("-"):
                assert (ROOT / word).exists(), f"{command!r} names {word}, which is not in the clone"


@pytest.mark.parametrize("command, printed", readme_examples(), ids=[c for c, _ in readme_examples()])
def test_docs_readme_examples_print_what_the_readme_shows(
    command: str, printed: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    program, *args = shlex.split(command)
    assert program in (".venv/bin/corridor", "corridor")
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert result.stdout == printed


def test_docs_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "scripts/test" in ci and "scripts/test" in README
    assert "scripts/demo" in README


SOURCES = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "src" / "corridor").rglob("*.py"))


def test_docs_lexicons_load_and_validate() -> None:
    lex = Lexicon()
    assert lex.mechanisms and lex.countries and lex.offices.titles and lex.formats.heads
    assert default_tagger() is not None


@pytest.mark.parametrize("path", sorted(BUILTIN.glob("*.yaml")), ids=lambda p: p.name)
def test_docs_every_lexicon_file_is_read_by_the_package(path: Path) -> None:
    assert f'"{path.name}"' in SOURCES, f"no module reads lexicon/{path.name}"
