from helpers import atomic


def test_replace_swaps_a_whole_folder(tmp_path):
    dest = tmp_path / "run"
    dest.mkdir()
    (dest / "old.txt").write_text("old")
    work = atomic.work_dir(tmp_path, "run")
    (work / "new.txt").write_text("new")
    atomic.replace(work, dest)
    assert [p.name for p in dest.iterdir()] == ["new.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run"]


def test_recover_restores_a_folder_caught_mid_swap_and_keeps_stray_work(tmp_path):
    old = tmp_path / ".run.old-20260101T000000000000Z"
    old.mkdir()
    (old / "report.html").write_text("previous")
    stray = atomic.work_dir(tmp_path, "run")
    (stray / "01_train.ipynb").write_text("{}")
    atomic.recover(tmp_path, "run")
    assert (tmp_path / "run" / "report.html").read_text() == "previous"
    kept = list((tmp_path / "_failed").glob("run-*"))
    assert len(kept) == 1 and (kept[0] / "01_train.ipynb").exists()
    assert not list(tmp_path.glob(".run.*"))
