"""The knowledge base: the bot's answers about programs, one entry per
question, written once in ``knowledge/`` and filled with each program's data.

* :mod:`bot.knowledge.entries` loads and checks the entries;
* :mod:`bot.knowledge.facts` turns a program row into placeholder values and
  renders an entry's answer for a program;
* :mod:`bot.knowledge.matcher` finds the entry a customer's message asks for;
* :mod:`bot.knowledge.nlu_export` writes the entries' questions as NLU
  training data (``make kb``).

The format is described in ``docs/knowledge-base.md``.
"""
