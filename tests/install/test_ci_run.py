"""`.ci/run` works on a machine without a system PostgreSQL (issue 8, section 1).

It used to call ``pg_ctlcluster`` whenever nothing answered on 5432, which fails (and with
``set -e`` stops CI) where PostgreSQL is not installed; the tests now start an embedded server
themselves. The script runs here for real, with a PATH that has no PostgreSQL tools and a
``make`` that only records its arguments (the suite itself is not what is tested).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_ci_run_goes_on_to_make_test_without_a_system_postgresql(tmp_path: Path) -> None:
    repo = tmp_path / "clone"
    (repo / ".ci").mkdir(parents=True)
    shutil.copy2(ROOT / ".ci" / "run", repo / ".ci" / "run")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("bash", "dirname", "ls", "head", "cat"):
        found = shutil.which(tool)
        assert found, tool
        (bin_dir / tool).symlink_to(found)
    record = tmp_path / "make.args"
    fake_make = bin_dir / "make"
    fake_make.write_text(f'#!{shutil.which("bash")}\necho "$@" > {record}\n')
    fake_make.chmod(0o755)
    assert shutil.which("pg_isready", path=str(bin_dir)) is None
    assert shutil.which("pg_ctlcluster", path=str(bin_dir)) is None

    done = subprocess.run(
        [str(bin_dir / "bash"), str(repo / ".ci" / "run")],
        env={"PATH": str(bin_dir), "HOME": os.environ.get("HOME", "/root")},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )

    assert done.returncode == 0, done.stdout + done.stderr
    assert record.read_text().split() == ["test"]
    assert "embedded" in done.stdout
