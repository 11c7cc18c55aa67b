"""Write the next revision from the difference between the newest revision and the models.

    .venv/bin/python -m kiosk.central.migrations.autogen "what changed"

Upgrades a scratch SQLite database to head, lets Alembic's autogenerate compare it with
every table the code declares, and writes ``versions/NNNN_<slug>.py`` (batch operations:
SQLite alters a table by copying it). A column that becomes binary (a ``Sealed`` one, from
text) gets ``postgresql_using="convert_to(column, 'UTF8')"``: PostgreSQL casts no text to
bytea by itself. Read the file before committing it: autogenerate moves no data.
"""
from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

from kiosk.central.migrations import HERE, config, current


def next_rev_id() -> str:
    numbers = [int(m.group(1)) for p in (HERE / "versions").glob("*.py")
               if (m := re.match(r"(\d{4})_", p.name))]
    return f"{max(numbers, default=0) + 1:04d}"


def _adjust(path: Path, down_revision: str | None) -> None:
    """What autogenerate cannot know, for columns that become sealed (store/sealed.py):
    PostgreSQL casts text to bytea only when told how; values an older server wrote in
    clear are sealed in place (:func:`~kiosk.central.migrations.seal_clear_values`); a new
    NOT NULL column is added nullable, filled by that, then made NOT NULL."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    out, column, table, not_null, sealing = [], None, None, [], False
    in_upgrade = False
    for line in lines:
        if line.startswith("def upgrade"):
            in_upgrade = True
        elif line.startswith("def downgrade"):
            in_upgrade = False
        if m := re.search(r"batch_alter_table\('(\w+)'", line):
            table = m.group(1)
        if m := re.search(r"alter_column\('(\w+)'", line):
            column = m.group(1)
        if in_upgrade and "sa.LargeBinary()" in line and "existing_type" not in line:
            sealing = True
        m = re.search(r"add_column\(sa\.Column\('(\w+)', sa\.LargeBinary\(\), "
                      r"nullable=False\)\)", line)
        if in_upgrade and m:
            not_null.append((table, m.group(1)))
            line = line.replace("nullable=False))", "nullable=True))  # NOT NULL once filled")
        if in_upgrade and sealing and line.strip() == "# ### end Alembic commands ###":
            out.append("    # values an older server wrote in clear: sealed in place with the key\n")
            out.append(f"    seal_clear_values(before={down_revision!r})\n")
            for t, c in not_null:
                out.append(f"    with op.batch_alter_table({t!r}) as batch_op:\n")
                out.append(f"        batch_op.alter_column({c!r}, existing_type=sa.LargeBinary(),"
                           f" nullable=False)\n")
            sealing = False
        out.append(line)
        if column and line.strip() == "type_=sa.LargeBinary(),":
            indent = line[:len(line) - len(line.lstrip())]
            out.append(f"{indent}postgresql_using=\"convert_to({column}, 'UTF8')\",\n")
        if line.rstrip().endswith(")"):
            column = None
    text = "".join(out)
    if "seal_clear_values(" in text:
        text = text.replace("from alembic import op\n", "from alembic import op\n\n"
                            "from kiosk.central.migrations import seal_clear_values\n", 1)
    path.write_text(text, encoding="utf-8")


def generate(message: str) -> Path | None:
    from alembic import command

    from kiosk.central import db

    slug = re.sub(r"[^a-z0-9]+", "_", message.lower()).strip("_")[:40] or "change"
    with tempfile.TemporaryDirectory() as tmp:
        engine = db.connect(f"sqlite:///{tmp}/scratch.db")
        try:
            with engine.begin() as conn:  # the revisions replayed (not the models' shortcut)
                command.upgrade(config(conn), "head")
            with engine.begin() as conn:
                before = current(conn)
                script = command.revision(config(conn), message=message, autogenerate=True,
                                          rev_id=next_rev_id())
        finally:
            engine.dispose()
    if script is None:
        return None
    path = Path(script.path)
    final = path.with_name(f"{script.revision}_{slug}.py")
    path.rename(final)
    _adjust(final, before)
    print(f"wrote {final} (revises {before})")
    return final


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    generate(args[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())
