"""Parley on Apache Spark: ``parley spark`` (:mod:`parley.spark.job`) runs the clean → NLP pipeline
over archives and writes Parquet tables (:mod:`parley.spark.schema`); ``parley load``
(:meth:`parley.service.Service.load`, reading with :mod:`parley.spark.loader`) stores them.

PySpark and Java are optional: ``pip install 'parley[spark]'`` and ``scripts/ensure-spark.sh``.
"""
