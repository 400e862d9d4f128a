"""Which knowledge-base entry a message asks for.

The NLU decides the topic (intent); within it, and across topics when the
intent is unsure, the entry is found by a logistic regression over the
entries' own questions (TF-IDF of character n-grams and words), plus the
cosine to the closest question. Character n-grams carry typos, missing
umlauts and German compounds. Fitting it on the knowledge base's ~1,300
questions takes a few seconds, so the fitted matcher is kept on disk
(``.cache/kb-matcher/``), keyed by a hash of the questions and the model's
settings: ``make train`` builds it, servers load it in well under a second,
and any change of the knowledge base builds a new one. How it was chosen:
docs/knowledge-base.md ("Finding the entry").
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import numpy as np
import sklearn
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import normalize as l2_normalize

from bot.dialect import to_standard
from bot.knowledge.entries import Entry, knowledge_base

logger = logging.getLogger(__name__)

CACHE_DIR = Path(__file__).resolve().parents[2] / ".cache" / "kb-matcher"

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_NOT_WORD = re.compile(r"[^a-z0-9]+")

# Weights of the score: the classifier's probability, plus the cosine to the
# entry's closest question, the NLU's confidence in the entry's intent, and
# being the last topic (or related to it): the last two decide between close
# candidates, never against a clearly better question.
COSINE_WEIGHT = 0.3
INTENT_WEIGHT = 0.3
CONTEXT_WEIGHT = 0.12
# Below this cosine to every question the message names no entry of its own.
MIN_SIMILARITY = 0.22
# A match clear enough to answer although the NLU found another topic (out
# of scope, unsure): close to one of the entry's questions, and the classifier agrees.
CLEAR_SIMILARITY = 0.5
CLEAR_PROBABILITY = 0.35
# When the NLU was unsure (fallback) but gave the entry's intent this much,
# a lower similarity suffices.
SUPPORTING_CONFIDENCE = 0.15
SUPPORTED_SIMILARITY = 0.35
REGULARISATION_C = 20.0
# One question among several in a message ("wie lang gilt so ne empfehlung.
# und zählt meine oma auch?") counts when the classifier is this sure and the
# part is close to one of the entry's questions, though not clear by itself.
PART_PROBABILITY = 0.6
# A match this far ahead of the next (score) counts even when not clear.
DECISIVE_SCORE = 0.4
DECISIVE_MARGIN = 0.25
DECISIVE_MIN_WORDS = 6


# Where a message may hold a second question: after ? ! . ; or before "und"
# or a comma followed by a question word ("… und wie lange dauert die
# Wartezeit?", "Wie lange gilt der Gutschein, kann ich ihn verschenken …").
_QUESTION_BREAK = re.compile(
    # A numbered list ("Fragen: 1) Was bekomme ich … 2) Zählt …") and a
    # lead-in before a colon ("Und ganz ehrlich: Was macht ihr …").
    r"(?:[?!.;:]+\s*|^\s*)\d{1,2}[).]\s+|\s+\d{1,2}\)\s+|:\s+(?=(?:wie|wann|was|wo|wer|warum|wieso|weshalb|welche|kann|darf|"
    r"muss|gibt|bekomme|bekommt|zählt|gilt|ist|sind)\b)"
    # A full stop after "bzw", "z.B", "ggf" … ends no sentence.
    r"|(?:[?!;]|(?<!\bbzw)(?<!\bz\.b)(?<!\bggf)(?<!\busw)(?<!\bevtl)(?<!\bca)(?<!\bnr)(?<!\bu\.a)"
    r"(?<!\bd\.h)\.)[?!.;]*\s*|(?:\s+(?:und|oder|aber|ausserdem|außerdem)\s+|\s*,\s*)(?=(?:wie|wann|was|wo|wer|"
    r"warum|wieso|weshalb|welche|kann|darf|muss|gibt|bekommt|bekommen|kriegt|kriegen|ist|sind|"
    r"zählt|kommt|kommen|gilt|verfällt|verfaellt|läuft|laeuft|geht|gibts|soll)\b)"
    # The same in English ("how much do I get and when is it paid out?").
    r"|(?:\s+(?:and|or|also)\s+|\s*,\s*)(?=(?:how|when|what|where|who|why|which|can|do|does|is|"
    r"are|will|should)\b)",
    re.IGNORECASE,
)
MIN_PART_WORDS = 3
# A part that asks: followed by "?", opening like a question, or saying that
# the writer wants to know. "Mein Nachbar hat mich geworben." only sets the
# scene for the question next to it and gets no answer of its own.
_ASKING = re.compile(
    r"^(?:(?:hallo|hi|hey|moin|servus|guten\s+\w+)\W+)?(?:und|oder|aber|ausserdem|außerdem|auch)?\s*"
    r"(?:wie|wann|was|wo|wer|warum|wieso|ob|"
    r"weshalb|welche\w*|wozu|wieviel\w*|kann|kannst|darf|muss|gibt|bekommt|bekomme|bekommen|kriegt|"
    r"krieg|kriege|kriegen|ist|sind|zählt|zaehlt|hat|habe|haben|wird|werden|geht|gilt|soll"
    r"|verfällt|verfaellt|läuft|laeuft|kommt|bleibt"
    r"|how|when|what|where|who|why|which|can|do|does|is|are|will|should)\b"
    r"|\b(?:wissen|frage|fragen|interessiert|interessieren)\b",
    re.IGNORECASE,
)


# A two-word part that opens with a question word still asks ("wie viel
# bekomme ich und wann genau?"); it may need the part before it to be matched.
_SHORT_QUESTION = re.compile(r"^(?:wie|wann|was|wo|wer|warum|wieso|weshalb|welche\w*)\s+\S+$", re.I)


# "kommt die prämie aufs konto oder wie läuft das?": a tag that asks for
# the question before it, not a question of its own.
_TAG_QUESTION = re.compile(
    r"\s+oder\s+wie\s+(l(ä|ae|a)uft|geht|funktioniert|ist)\s+(das|es)(\s+(dann|ab|genau|so|da))?"
    r"\s*(?=[?!.]|$)",
    re.IGNORECASE,
)


def question_parts(text: str) -> list[str]:
    """The parts of a message that may each be a question of their own."""
    text = _TAG_QUESTION.sub("", text)
    parts = [part.strip() for part in _QUESTION_BREAK.split(text) if part and part.strip()]
    return [
        part for part in parts if len(part.split()) >= MIN_PART_WORDS or _SHORT_QUESTION.match(part)
    ]


# "Können Sie mal nachschauen?", "bitte prüfen": the request to look the
# case up, which the rest of the message names; no question of its own.
_ONLY_LOOK = re.compile(
    r"(und\s+)?((k(ö|oe)nn(en|t|test)|w(ü|ue)rden?)\s+(sie|du|ihr)|kannst\s+du|kann\s+man)?\s*"
    r"((da|das|dort|es)\s+)?((mal|bitte|kurz|doch|eben|schnell)\s+)*"
    r"(nach(schauen|sehen|gucken)|pr(ü|ue)fen|checken|gucken|schauen|nachforschen)"
    r"(\s+(bitte|mal|danke))?[\s?!.]*",
    re.IGNORECASE,
)


# "… kündigen, wie geht das?": a question that points back at the part
# before it, no topic of its own.
_POINTS_BACK = re.compile(
    r"(und\s+)?(wie|wo)\s+(geht|mache|mach|l(ä|ae)uft|funktioniert|klappt)\s+(ich\s+|man\s+)?(das|es)"
    r"(\s+(denn|eigentlich|genau|dann|am\s+besten))?[\s?!.]*",
    re.IGNORECASE,
)


def asks(part: str, text: str) -> bool:
    """Whether ``part`` of ``text`` (from ``question_parts``) is a question."""
    if _ONLY_LOOK.fullmatch(part.strip()):
        return False
    if _POINTS_BACK.fullmatch(part.strip()) and not text.strip().startswith(part.strip()):
        return False
    end = text.find(part) + len(part)
    return text[end : end + 1] == "?" or _ASKING.search(part.strip()) is not None


# Modal particles and fillers ("gibt es da eigentlich ne grenze?") carry no
# topic; left in, they pull a short question away from its entry.
_FILLER = re.compile(
    r"\b(eigentlich|eig|eigtl|denn|mal|halt|eben|ueberhaupt|irgendwie|nun|wohl|bitte)\b"
)


def normalize(text: str) -> str:
    """Lower case, regional forms in standard German ("griag" as "kriege"),
    umlauts folded ("Prämie" and "Praemie" alike), no punctuation."""
    text = to_standard(unicodedata.normalize("NFC", text).lower()).translate(_FOLD)
    return _FILLER.sub(" ", _NOT_WORD.sub(" ", text)).strip()


@dataclass(frozen=True)
class Match:
    entry: Entry
    similarity: float  # cosine to the entry's closest question
    probability: float  # the classifier's
    score: float  # probability plus weighted cosine, intent and context

    @property
    def is_clear(self) -> bool:
        return self.similarity >= CLEAR_SIMILARITY and self.probability >= CLEAR_PROBABILITY

    @property
    def is_clear_part(self) -> bool:
        """Clear enough as one part of a message that asks several things."""
        return self.is_clear or (
            self.similarity >= SUPPORTED_SIMILARITY and self.probability >= PART_PROBABILITY
        )

    def is_supported(self, intent_confidence: Mapping[str, float]) -> bool:
        """Clear, or close enough while the NLU also leans to the entry's topic."""
        leaning = intent_confidence.get(self.entry.intent, 0.0) >= SUPPORTING_CONFIDENCE
        return self.is_clear or (leaning and self.similarity >= SUPPORTED_SIMILARITY)


def _documents(entries: tuple[Entry, ...]) -> tuple[list[str], list[int]]:
    """Every title and question, normalised, with the index of its entry."""
    documents: list[str] = []
    owners: list[int] = []
    for index, entry in enumerate(entries):
        for text in (entry.title, *entry.questions):
            documents.append(normalize(text))
            owners.append(index)
    return documents, owners


class EntryMatcher:
    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries = tuple(entries)
        documents, owners = _documents(self.entries)
        self._owners = np.array(owners)
        self._vectorizers = (
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
            TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True),
        )
        self._matrix = l2_normalize(
            hstack([vectorizer.fit_transform(documents) for vectorizer in self._vectorizers])
        ).tocsr()
        # newton-cg reaches the same optimum as lbfgs in half the time here.
        self._classifier = LogisticRegression(C=REGULARISATION_C, max_iter=3000, solver="newton-cg")
        self._classifier.fit(self._matrix, self._owners)

    def _vector(self, text: str) -> csr_matrix:
        features = [vectorizer.transform([normalize(text)]) for vectorizer in self._vectorizers]
        return l2_normalize(hstack(features)).tocsr()

    def _similarities(self, vector: csr_matrix) -> np.ndarray:
        """Per entry: cosine to its closest question (0 to 1)."""
        per_document = (self._matrix @ vector.T).toarray().ravel()
        best = np.zeros(len(self.entries))
        np.maximum.at(best, self._owners, per_document)
        return best

    def _probabilities(self, vector: csr_matrix) -> np.ndarray:
        """Per entry: the classifier's probability that the message asks for it."""
        probabilities = np.zeros(len(self.entries))
        probabilities[self._classifier.classes_] = self._classifier.predict_proba(vector)[0]
        return probabilities

    def rank(
        self,
        text: str,
        intent_confidence: Mapping[str, float] | None = None,
        context: Entry | None = None,
        allowed: Iterable[str] | None = None,
    ) -> list[Match]:
        """Entries best first. ``intent_confidence``: the NLU's intent ranking;
        ``context``: the entry answered last; ``allowed``: only these intents."""
        intent_confidence = intent_confidence or {}
        allowed_intents = set(allowed) if allowed is not None else None
        related = {context.id, *context.related} if context else set()
        matches = []
        vector = self._vector(text)  # featurised once for both scores
        similarities, probabilities = self._similarities(vector), self._probabilities(vector)
        for entry, similarity, probability in zip(
            self.entries, similarities, probabilities, strict=True
        ):
            if allowed_intents is not None and entry.intent not in allowed_intents:
                continue
            if not entry.may_answer(text):
                continue
            score = float(probability) + COSINE_WEIGHT * float(similarity)
            score += INTENT_WEIGHT * float(intent_confidence.get(entry.intent, 0.0))
            score += CONTEXT_WEIGHT if entry.id in related else 0.0
            matches.append(Match(entry, float(similarity), float(probability), score))
        return sorted(matches, key=lambda match: match.score, reverse=True)

    def best(
        self,
        text: str,
        intent_confidence: Mapping[str, float] | None = None,
        context: Entry | None = None,
        allowed: Iterable[str] | None = None,
    ) -> Match | None:
        """The best entry, or None when no entry is similar enough."""
        ranked = self.rank(text, intent_confidence, context, allowed)
        if not ranked or ranked[0].similarity < MIN_SIMILARITY:
            return None
        return ranked[0]

    def decisive(
        self,
        text: str,
        intent_confidence: Mapping[str, float] | None = None,
        context: Entry | None = None,
    ) -> Match | None:
        """The best entry when it stands far ahead of every other, though not
        clear by itself ("ich hab geheiratet und heiße jetzt anders, muss ich
        das melden?": the change of details, nothing else comes close)."""
        if len(text.split()) < DECISIVE_MIN_WORDS:
            return None  # too few words to tell one entry from the others
        ranked = self.rank(text, intent_confidence, context)
        if not ranked or ranked[0].similarity < SUPPORTED_SIMILARITY:
            return None
        top, runner_up = ranked[0], (ranked[1].score if len(ranked) > 1 else 0.0)
        if top.score >= DECISIVE_SCORE and top.score - runner_up >= DECISIVE_MARGIN:
            return top
        return None


def further_entries(matcher: EntryMatcher, text: str, exclude: Iterable[str]) -> list[Entry]:
    """Entries that parts of ``text`` clearly ask for, besides ``exclude``:
    the second question of "Wie hoch ist die Prämie? Und ist sie steuerpflichtig?"."""
    if len(question_parts(text)) < 2:
        return []
    return asked_entries(matcher, text, exclude)


def asked_entries(matcher: EntryMatcher, text: str, exclude: Iterable[str] = ()) -> list[Entry]:
    """Entries that the parts of ``text`` that ask clearly ask for, in order,
    besides ``exclude`` (a one-part message included)."""
    found: list[Entry] = []
    seen = set(exclude)
    parts = question_parts(text)
    for index, part in enumerate(parts):
        if not asks(part, text):
            continue
        match = matcher.best(part)
        found_here = match is not None and match.is_clear_part
        if not found_here and index > 0:
            # "Löschen Sie meine Daten. Verliere ich dann meine Prämie?": the
            # question needs the sentence before it (and then must be clear).
            match = matcher.best(f"{parts[index - 1]} {part}")
            found_here = match is not None and match.is_clear
        if found_here and match is not None and match.entry.id not in seen:
            found.append(match.entry)
            seen.add(match.entry.id)
    return found


def _cache_key(entries: tuple[Entry, ...]) -> str:
    """Changes whenever the fitted model could: the questions, which entry each
    belongs to, the entries themselves, the model's settings, scikit-learn."""
    documents, owners = _documents(entries)
    digest = hashlib.sha256()
    for part in (
        repr(entries),
        repr(documents),
        repr(owners),
        repr(REGULARISATION_C),
        sklearn.__version__,
        Path(__file__).read_text(encoding="utf-8"),
    ):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:32]


def cached_matcher(entries: Iterable[Entry], cache_dir: Path | None = None) -> EntryMatcher:
    """The fitted matcher for ``entries``: loaded from the cache when the same
    questions were fitted before, else fitted and stored there (atomically, so
    two processes starting at once never read half a file). The cache is the
    project's own directory, written only by this function."""
    entries = tuple(entries)
    directory = cache_dir or CACHE_DIR
    path = directory / f"{_cache_key(entries)}.pickle"
    try:
        with path.open("rb") as stored:
            matcher = pickle.load(stored)
        if isinstance(matcher, EntryMatcher) and matcher.entries == entries:
            return matcher
    except FileNotFoundError:
        pass
    except Exception:  # a broken or foreign file: fit anew and replace it
        logger.warning("knowledge-base matcher cache %s unreadable; fitting anew", path)
    matcher = EntryMatcher(entries)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=directory, suffix=".tmp", delete=False) as temporary:
            pickle.dump(matcher, temporary, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary.name, path)
        for stale in directory.glob("*.pickle"):  # fits of earlier questions
            if stale != path:
                stale.unlink(missing_ok=True)
    except OSError as error:  # a read-only checkout still answers, it only fits each time
        logger.warning("knowledge-base matcher not cached (%s)", error)
    return matcher


@cache
def entry_matcher() -> EntryMatcher:
    """The matcher over the project's knowledge base, once per process."""
    return cached_matcher(knowledge_base().entries)


@cache
def english_matcher() -> EntryMatcher | None:
    """A matcher over the English questions (``questions_en``) of the entries
    that have a short English answer; None when no entry has one. Small
    enough to fit on first use."""
    entries = [
        replace(entry, questions=entry.questions_en)
        for entry in knowledge_base().entries
        if entry.english and entry.questions_en
    ]
    return EntryMatcher(entries) if len(entries) > 1 else None


def english_entries(text: str) -> list[Entry]:
    """The entries with an English answer that an English message clearly
    asks for, in order ("how much? and is it paid to my bank account?")."""
    matcher = english_matcher()
    if matcher is None:
        return []
    found = asked_entries(matcher, text)
    if not found and (match := matcher.best(text)) is not None and match.is_clear:
        found = [match.entry]  # one question without a question mark or word
    return found


if __name__ == "__main__":
    # `make train` runs this so that no server fits the model on start. The
    # import makes the stored classes bot.knowledge.matcher's, not __main__'s.
    from bot.knowledge.matcher import entry_matcher as project_matcher

    project_matcher()
