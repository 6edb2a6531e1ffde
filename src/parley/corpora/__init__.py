"""Readers of the public gold sets and training corpora, each in its published format.

One reader per format, shared by the scorers (``parley.eval``), the benchmarks
(``parley.bench``) and the training scripts (``training/``):

* :mod:`~parley.corpora.conllu` – CoNLL-U sentences (UD EWT, GUM);
* :mod:`~parley.corpora.iob` – IOB2 name files (UNER) and IOB span decoding;
* :mod:`~parley.corpora.gum` – GUM's coreference brackets (``Entity=`` in MISC);
* :mod:`~parley.corpora.timeml` – TimeML ``.tml`` documents (TimeBank, AQUAINT);
* :mod:`~parley.corpora.meantime` – MEANTIME NAF-style XML (tokens, markables, relations);
* :mod:`~parley.corpora.events` – PLV ``.tsv``, PETR2 GSR XML, PLOVER GSR JSON;
* :mod:`~parley.corpora.quotes` – GenderGapTracker JSONL and PolNeAR brat ``.ann``;
* :mod:`~parley.corpora.scrapinghub` – the ScrapingHub extraction benchmark folder.

Readers only read: they return what the file says. Label mappings, normalisation and the
choice of what to score stay with the scorers.
"""
