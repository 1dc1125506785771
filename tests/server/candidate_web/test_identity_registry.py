"""``reviewdesk-server load-identities``: the administrator loads the identity registry from CSV."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from reviewdesk.server.candidate_models import IdentityRegistryEntry
from reviewdesk.server.cli import main
from reviewdesk.server.db import Database

GOOD = "11010519491231002X"
OTHER = "440524188001010014"


def _registry(db_url: str) -> list[tuple[str, str, str]]:
    database = Database.open(db_url)
    try:
        with database.read() as session:
            rows = session.scalars(select(IdentityRegistryEntry).order_by(IdentityRegistryEntry.id_number))
            return [(r.name, r.id_type, r.id_number) for r in rows]
    finally:
        database.dispose()


def test_load_refuses_a_file_with_bad_lines_and_then_loads_and_updates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_url = f"sqlite:///{tmp_path / 'server.db'}"
    people = tmp_path / "people.csv"
    people.write_text(
        f"姓名,证件类型,证件号码\n王芳,身份证,{GOOD.lower()}\n,身份证,{OTHER}\n李强,驾驶证,{OTHER}\n张静,身份证,{OTHER[:-1]}5\n",
        encoding="utf-8",
    )
    assert main(["load-identities", "--db", db_url, "--csv", str(people)]) == 1
    errors = capsys.readouterr().err.splitlines()
    assert errors == [
        "错误：第3行：姓名为空",
        "错误：第4行：证件类型“驾驶证”无效",
        "错误：第5行：校验位错误，应为4",
        "文件有错误，未导入任何记录",
    ]
    assert _registry(db_url) == []

    people.write_text(
        f"\ufeff姓名,证件类型,证件号码\n王芳,身份证,{GOOD.lower()}\n张静,resident_id,{OTHER}\n",
        encoding="utf-8",
    )
    assert main(["load-identities", "--db", db_url, "--csv", str(people)]) == 0
    assert "新增 2 人，更新 0 人" in capsys.readouterr().out
    people.write_text(
        f"姓名,证件类型,证件号码\n王芳芳,身份证,{GOOD}\n张静,身份证,{OTHER}\n", encoding="utf-8"
    )
    assert main(["load-identities", "--db", db_url, "--csv", str(people)]) == 0
    assert "新增 0 人，更新 1 人" in capsys.readouterr().out
    assert _registry(db_url) == [("王芳芳", "resident_id", GOOD), ("张静", "resident_id", OTHER)]


def test_a_file_without_the_columns_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    people = tmp_path / "people.csv"
    people.write_text("name,number\n王芳,1\n", encoding="utf-8")
    assert main(["load-identities", "--db", f"sqlite:///{tmp_path / 's.db'}", "--csv", str(people)]) == 1
    assert "缺少列：姓名、证件类型、证件号码" in capsys.readouterr().err
