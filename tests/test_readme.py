from pathlib import Path

from helpers.params import markdown_table

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


def test_readme_opens_with_the_two_commands():
    first_block = README.split("```")[1]
    assert "make report" in first_block and "make test" in first_block


def test_readme_parameter_table_is_the_schema():
    assert markdown_table() in README, "README's parameter table is stale: paste `python -m helpers params-table`"
