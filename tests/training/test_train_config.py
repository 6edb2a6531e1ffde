"""``training/train.py --tok2vec-from``: the training config whose shared tok2vec is sourced from a
backbone's, its listeners sized to it. Tested on a small pipeline made here, so nothing is downloaded."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy
import spacy
from spacy.util import load_config, load_model_from_config

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "training"))

from train import CONFIG, reads_vectors, sourced_config  # noqa: E402


def _backbone(folder: Path, *, vectors: bool = False) -> None:
    backbone = spacy.blank("en")
    if vectors:
        backbone.vocab.set_vector("news", numpy.ones(8, dtype="float32"))
    backbone.add_pipe("tok2vec", config={"model": {
        "@architectures": "spacy.Tok2Vec.v2",
        "embed": {"@architectures": "spacy.MultiHashEmbed.v2", "width": 32, "attrs": ["NORM", "SHAPE"],
                  "rows": [500, 50], "include_static_vectors": vectors},
        "encode": {"@architectures": "spacy.MaxoutWindowEncoder.v2", "width": 32, "depth": 1,
                   "window_size": 1, "maxout_pieces": 2}}})
    backbone.initialize()
    backbone.to_disk(folder)


def test_the_shared_tok2vec_is_sourced_and_its_listeners_take_its_width(tmp_path: Path) -> None:
    _backbone(tmp_path / "backbone")

    path = sourced_config(tmp_path / "backbone", tmp_path / "out")
    cfg = load_config(path)
    assert cfg["components"]["tok2vec"] == {"source": str(tmp_path / "backbone")}
    listeners = {name: block["model"]["tok2vec"] for name, block in cfg["components"].items()
                 if "Listener" in str(block.get("model", {}).get("tok2vec", {}).get("@architectures", ""))}
    assert set(listeners) == set(load_config(CONFIG)["nlp"]["pipeline"]) - {"tok2vec"}
    assert {t2v["width"] for t2v in listeners.values()} == {32}

    nlp = load_model_from_config(load_config(path, interpolate=False), auto_fill=True)
    assert nlp.pipe_names[0] == "tok2vec"
    assert nlp.get_pipe("tok2vec").model.get_dim("nO") == 32


def test_a_backbone_whose_tok2vec_reads_vectors_brings_them(tmp_path: Path) -> None:
    """md's tok2vec reads static vectors, so training from it loads them (``paths.vectors``); sm's does not."""
    _backbone(tmp_path / "plain")
    _backbone(tmp_path / "md-like", vectors=True)
    assert not reads_vectors(tmp_path / "plain")
    assert reads_vectors(tmp_path / "md-like")
