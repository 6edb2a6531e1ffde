#!/usr/bin/env bash
# Makes the Spark job runnable: Java from Debian (default-jre-headless) when no java is found, and
# PySpark from the package index into the project's virtual environment (the `spark` extra).
#
#   bash scripts/ensure-spark.sh            # uses .venv/bin/python, or $PYTHON
set -euo pipefail
PY="${PYTHON:-.venv/bin/python}"

if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
  :
elif ! command -v java >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
  echo "installing Debian default-jre-headless for the Spark job" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq default-jre-headless >/dev/null
fi

if ! "$PY" -c "import pyspark" >/dev/null 2>&1; then
  echo "installing PySpark (parley[spark]) for the Spark job" >&2
  "$PY" -m pip install -q 'pyspark>=3.5,<4.1'
fi
