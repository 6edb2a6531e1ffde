"""``training/train.py --tok2vec-from``: the training config whose shared tok2vec is sourced from a
backbone's, its listeners sized to it. Tested on a small pipeline made here, so nothing is downloaded."""

from __future__ import annotations

import sys
from pathlib import Path

import spacy
from spacy.util import load_config, load_model_from_config

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "training"))

from train import CONFIG, sourced_config  # noqa: E402


def test_the_shared_tok2vec_is_sourced_and_its_listeners_take_its_width(tmp_path: Path) -> None:
    backbone = spacy.blank("en")
    backbone.add_pipe("tok2vec", config={"model": {
        "@architectures": "spacy.Tok2Vec.v2",
        "embed": {"@architectures": "spacy.MultiHashEmbed.v2", "width": 32, "attrs": ["NORM", "SHAPE"],
                  "rows": [500, 50], "include_static_vectors": False},
        "encode": {"@architectures": "spacy.MaxoutWindowEncoder.v2", "width": 32, "depth": 1,
                   "window_size": 1, "maxout_pieces": 2}}})
    backbone.initialize()
    backbone.to_disk(tmp_path / "backbone")

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
