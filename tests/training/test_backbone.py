"""The backbone recipe treats a wheel as data: every file pinned by SHA-256, nothing of its Python
written out, and a config that names only spaCy's own functions. Tested on a small wheel made here
from a blank spaCy pipeline, so nothing is downloaded."""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

import pytest
import spacy

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "training"))

from backbone import BackboneError, build, registered_names, sha256  # noqa: E402

FOLDER = "toy_pkg/model/"


def make_wheel(tmp_path: Path, *, config_extra: str = "") -> tuple[Path, Path]:
    """A wheel holding a blank English pipeline's folder and an __init__.py; its lock file."""
    model = tmp_path / "model"
    spacy.blank("en").to_disk(model)
    if config_extra:
        (model / "config.cfg").write_text((model / "config.cfg").read_text() + config_extra)
    cache = tmp_path / "cache"
    cache.mkdir()
    wheel = cache / "toy_pkg-1.0-py3-none-any.whl"
    files = {}
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("toy_pkg/__init__.py", "raise SystemExit('package code must never run')\n")
        for path in sorted(p for p in model.rglob("*") if p.is_file()):
            rel = path.relative_to(model).as_posix()
            archive.write(path, FOLDER + rel)
            files[rel] = sha256(path.read_bytes())
    lock = tmp_path / "lock.json"
    lock.write_text(json.dumps({"toy": {
        "package": "toy-pkg", "version": "1.0", "wheel": wheel.name, "folder": FOLDER, "python_version": None,
        "sha256": sha256(wheel.read_bytes()), "files": files, "licence": "MIT"}}))
    return cache, lock


def test_a_pinned_wheel_unpacks_its_model_folder_only(tmp_path: Path) -> None:
    cache, lock = make_wheel(tmp_path)
    out = build(["toy"], lock=lock, cache=cache, out=tmp_path / "out")["toy"]
    assert (out / "config.cfg").exists() and (out / "meta.json").exists()
    assert not list(out.rglob("*.py"))
    assert spacy.load(out).lang == "en"


def test_a_changed_wheel_fails_naming_it(tmp_path: Path) -> None:
    cache, lock = make_wheel(tmp_path)
    wheel = next(cache.glob("*.whl"))
    with zipfile.ZipFile(wheel, "a") as archive:
        archive.writestr(FOLDER + "extra.bin", b"x")
    with pytest.raises(BackboneError, match=rf"{wheel.name}: SHA-256 differs"):
        build(["toy"], lock=lock, cache=cache, out=tmp_path / "out")


def test_a_changed_file_fails_naming_the_file(tmp_path: Path) -> None:
    cache, lock = make_wheel(tmp_path)
    spec = json.loads(lock.read_text())
    spec["toy"]["files"]["meta.json"] = "0" * 64
    lock.write_text(json.dumps(spec))
    with pytest.raises(BackboneError, match=r"toy_pkg/model/meta.json: SHA-256 differs"):
        build(["toy"], lock=lock, cache=cache, out=tmp_path / "out")
    assert not (tmp_path / "out" / "toy").exists()


def test_a_config_naming_foreign_code_is_refused(tmp_path: Path) -> None:
    cache, lock = make_wheel(tmp_path, config_extra='\n[custom]\n@misc = "evil_pkg.run_me.v1"\n')
    assert ("misc", "evil_pkg.run_me.v1") in registered_names(tmp_path / "model" / "config.cfg")
    with pytest.raises(BackboneError, match="evil_pkg.run_me.v1.*not one of spaCy's own functions"):
        build(["toy"], lock=lock, cache=cache, out=tmp_path / "out")


def test_unknown_backbone_is_named(tmp_path: Path) -> None:
    cache, lock = make_wheel(tmp_path)
    with pytest.raises(BackboneError, match="unknown backbone 'nope'"):
        build(["nope"], lock=lock, cache=cache, out=tmp_path / "out")


def test_offline_build_names_the_missing_wheel(tmp_path: Path) -> None:
    cache, lock = make_wheel(tmp_path)
    wheel = next(cache.glob("*.whl"))
    wheel.unlink()
    with pytest.raises(BackboneError, match=rf"^{wheel.name}: missing from "):
        build(["toy"], lock=lock, cache=cache, out=tmp_path / "out", download=False)


def test_recipe_stops_on_an_altered_wheel_with_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    import train

    cache, lock = make_wheel(tmp_path)
    wheel = next(cache.glob("*.whl"))
    with zipfile.ZipFile(wheel, "a") as archive:
        archive.writestr(FOLDER + "extra.bin", b"x")
    monkeypatch.setattr(train, "build_backbones",
                        lambda names, download: build(names, lock=lock, cache=cache, out=tmp_path / "out",
                                                      download=download))
    assert train.main(["--ner-from", "toy", "--package-only", "--output", str(tmp_path / "none")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"backbone: {wheel.name}: SHA-256 differs from the lock file "
                   f"(expected {json.loads(lock.read_text())['toy']['sha256']}, got {sha256(wheel.read_bytes())})"]


def test_sourced_ner_keeps_its_own_tok2vec(tmp_path: Path) -> None:
    import train

    backbone = spacy.blank("en")
    ner = backbone.add_pipe("ner")
    ner.add_label("PERSON")
    backbone.initialize()
    backbone.to_disk(tmp_path / "backbone")
    base = spacy.blank("en")
    base.add_pipe("parser").add_label("nsubj")
    base.initialize()
    meta = train.source_ner(base, tmp_path / "backbone")
    assert base.pipe_names == ["parser", "ner"] and meta["lang"] == "en"
    assert "listener" not in str(base.config["components"]["ner"]["model"]["tok2vec"]["@architectures"]).lower()
    assert base.get_pipe("ner").labels == ("PERSON",)
    base("Anna Keller spoke.")  # runs with no shared tok2vec in the pipeline


def test_a_news_ner_model_says_the_title_ruler_is_not_wanted() -> None:
    """The title ruler helps the web-trained NER only; a model shipping a news NER says so in its meta,
    and the loader reads it (parley.nlp.title_names_wanted)."""
    import train

    from parley.nlp import title_names_wanted

    news = train.model_meta("en_core_web_sm", {"version": "3.8.0", "license": "MIT"})
    own = train.model_meta("none", {})
    assert news["parley"] == {"title_names": False} and not title_names_wanted(news)
    assert "parley" not in own and title_names_wanted(own)


def test_recipe_names_an_unknown_vectors_backbone_in_one_line(capsys: pytest.CaptureFixture[str],
                                                               tmp_path: Path) -> None:
    import train

    assert train.main(["--ner-from", "none", "--vectors-from", "nope", "--package-only",
                       "--output", str(tmp_path / "none")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("backbone: unknown backbone 'nope'")


def test_recipe_overrides_read_json_or_plain_text(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import train

    seen: dict[str, object] = {}
    monkeypatch.setattr(train, "convert", lambda corpus: {})
    monkeypatch.setattr(train, "train", lambda steps, overrides, *args: seen.update(overrides))
    monkeypatch.setattr(train, "package", lambda *args, **kwargs: None)
    (tmp_path / "train.spacy").write_bytes(b"")
    assert train.main(["--ner-from", "none", "--skip-convert", "--corpus", str(tmp_path),
                       "--set", "training.max_steps=10", "--set", "paths.vectors=training/backbones/x",
                       "--set", "training.optimizer.use_averages=true"]) == 0
    assert seen == {"training.max_steps": 10, "paths.vectors": "training/backbones/x",
                    "training.optimizer.use_averages": True}
