"""Entries of the knowledge base (``knowledge/entries/*.yml``) and the
operator's facts (``knowledge/operator.yml``), loaded once and checked."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import yaml

from bot.knowledge.forms import SEPARATOR, alternatives, is_alternative

KNOWLEDGE_DIR = Path(__file__).resolve().parents[2] / "knowledge"

# Facts a program row provides (bot.knowledge.facts) and those that may be
# missing for a program (an answer using one must be guarded by a case).
PROGRAM_FACTS = frozenset(
    {
        "brand",
        "reward_name",
        "reward_phrase",
        "reward_amount",
        "friend_reward",
        "valid_days",
        "cancellation_days",
        "waiting_days",
        "payout_days",
        "total_days",
        "max_rewards",
        "redeem_months",
        "redeem_url",
        "resend_limit",
        "terms_url",
        "privacy_url",
        "imprint_url",
        "program_email",
        "hours",
        "brand_service",
        "brand_phone",
        "brand_email",
        "brand_url",
    }
)
OPTIONAL_FACTS = frozenset(
    {"reward_amount", "friend_reward", "max_rewards", "redeem_months", "redeem_url"}
)
REWARD_KINDS = frozenset({"cash", "voucher", "item"})
MAX_TITLE = 45


class KnowledgeError(ValueError):
    """An entry file breaks the format of docs/knowledge-base.md."""


@dataclass(frozen=True)
class Case:
    """An answer that replaces the entry's answer when ``when`` matches."""

    when: dict[str, str]
    answer: str
    again: str | None = None
    why: str | None = None
    english: str | None = None


@dataclass(frozen=True)
class Entry:
    id: str
    intent: str
    title: str
    questions: tuple[str, ...]
    answer: str
    cases: tuple[Case, ...] = ()
    again: str | None = None
    why: str | None = None
    links: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    offer_human: bool = False
    buttons: tuple[dict[str, str], ...] = ()
    topic: str = ""  # the file it comes from: reward, rules, data, contact
    # The entry that answers the same question for the recommended friend
    # ("Was bekomme ich?" means the friend's own reward, not the referrer's).
    for_referred_friend: str | None = None
    # A short answer in English and the English questions that ask for it:
    # a message in English gets it instead of only the note that the
    # service language is German (actions/empathy.py).
    english: str | None = None
    questions_en: tuple[str, ...] = ()
    # Words a message must contain for this entry to answer it at all (a
    # regular expression, case-insensitive): "meine Schwester wohnt in
    # Hamburg" is no question about friends abroad, however close its words.
    only_if: str | None = None

    def may_answer(self, text: str) -> bool:
        """Whether the message names what ``only_if`` asks for (always, without it)."""
        return self.only_if is None or re.search(self.only_if, text, re.IGNORECASE) is not None


@dataclass(frozen=True)
class KnowledgeBase:
    entries: tuple[Entry, ...]
    operator: dict[str, Any] = field(default_factory=dict)
    link_labels: dict[str, str] = field(default_factory=dict)
    # intent -> the entry for a message of that intent that names no entry
    defaults: dict[str, str] = field(default_factory=dict)
    # file name (topic) -> heading on the help page, in page order
    topics: dict[str, str] = field(default_factory=dict)

    def default_for(self, intent: str) -> Entry | None:
        return self.get(self.defaults.get(intent))

    def get(self, entry_id: str | None) -> Entry | None:
        return self._by_id.get(entry_id) if isinstance(entry_id, str) else None

    @cached_property
    def _by_id(self) -> dict[str, Entry]:
        # Duplicate ids are reported by check(); the first one wins here.
        by_id: dict[str, Entry] = {}
        for entry in self.entries:
            by_id.setdefault(entry.id, entry)
        return by_id

    @property
    def intents(self) -> frozenset[str]:
        return frozenset(entry.intent for entry in self.entries)

    @cached_property
    def for_referred_friends(self) -> frozenset[str]:
        """The entries that speak to the recommended friend (the intent
        ``referred_friend`` and every entry another one names for them):
        "Ihre Bekannte" there is the person who recommended them."""
        named = {entry.for_referred_friend for entry in self.entries if entry.for_referred_friend}
        own = {entry.id for entry in self.entries if entry.intent == "referred_friend"}
        return frozenset(named | own)


def placeholders(text: str) -> set[str]:
    """The facts ``text`` needs (not the friend's ``{er|sie}`` forms)."""
    return {
        name
        for _, name, _, _ in string.Formatter().parse(text)
        if name and not is_alternative(name)
    }


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise KnowledgeError(f"{where}: expected a list of strings")
    return tuple(item.strip() for item in value)


def _entry(raw: dict[str, Any], topic: str) -> Entry:
    where = f"{topic}.yml: {raw.get('id', '?')}"
    for key in ("id", "intent", "title", "questions", "answer"):
        if not raw.get(key):
            raise KnowledgeError(f"{where}: '{key}' is missing")
    cases = tuple(
        Case(
            when={str(k): str(v) for k, v in (case.get("when") or {}).items()},
            answer=str(case["answer"]).strip(),
            again=str(case["again"]).strip() if case.get("again") else None,
            why=str(case["why"]).strip() if case.get("why") else None,
            english=str(case["english"]).strip() if case.get("english") else None,
        )
        for case in raw.get("cases") or []
    )
    return Entry(
        id=str(raw["id"]),
        intent=str(raw["intent"]),
        title=str(raw["title"]).strip(),
        questions=_strings(raw["questions"], where),
        answer=str(raw["answer"]).strip(),
        cases=cases,
        again=(str(raw["again"]).strip() if raw.get("again") else None),
        why=(str(raw["why"]).strip() if raw.get("why") else None),
        links=_strings(raw.get("links"), where),
        related=_strings(raw.get("related"), where),
        offer_human=bool(raw.get("offer_human", False)),
        buttons=tuple(
            {"title": str(b["title"]), "payload": str(b["payload"])}
            for b in raw.get("buttons") or []
        ),
        topic=topic,
        for_referred_friend=(
            str(raw["for_referred_friend"]) if raw.get("for_referred_friend") else None
        ),
        english=(str(raw["english"]).strip() if raw.get("english") else None),
        questions_en=_strings(raw.get("questions_en"), where),
        only_if=str(raw["only_if"]) if raw.get("only_if") else None,
    )


def check(base: KnowledgeBase) -> list[str]:
    """Every problem of the knowledge base, as readable lines (empty: fine)."""
    problems: list[str] = []
    known = PROGRAM_FACTS | set(base.operator)
    ids = [entry.id for entry in base.entries]
    for duplicate in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(f"id '{duplicate}' is used twice")
    seen_questions: dict[str, str] = {}
    for entry in base.entries:
        if len(entry.title) > MAX_TITLE:
            problems.append(f"{entry.id}: title longer than {MAX_TITLE} characters")
        for question in entry.questions:
            key = question.lower()
            if key in seen_questions and seen_questions[key] != entry.id:
                problems.append(f"{entry.id}: question also in {seen_questions[key]}: {question}")
            seen_questions[key] = entry.id
        texts = [entry.answer, entry.again or "", entry.why or "", entry.english or ""]
        if bool(entry.english) != bool(entry.questions_en):
            problems.append(f"{entry.id}: 'english' and 'questions_en' go together")
        for pointer in (entry.again, entry.why):
            if pointer and re.fullmatch(r"[a-z0-9_]+", pointer) and base.get(pointer) is None:
                problems.append(f"{entry.id}: names entry {pointer}, which does not exist")
        for case in entry.cases:
            texts += [t for t in (case.answer, case.again, case.why, case.english) if t]
        for text in texts:
            for name in placeholders(text) - known:
                problems.append(f"{entry.id}: unknown placeholder {{{name}}}")
            for name in alternatives(text):
                if name.count(SEPARATOR) != 1:
                    problems.append(f"{entry.id}: {{{name}}} needs exactly two forms")
        for case in entry.cases:
            for key, value in case.when.items():
                if key == "reward_kind" and value not in REWARD_KINDS:
                    problems.append(f"{entry.id}: unknown reward kind {value}")
                elif key in ("missing", "has") and value not in PROGRAM_FACTS:
                    problems.append(f"{entry.id}: unknown fact {value} in a case")
                elif key not in ("reward_kind", "missing", "has", "program"):
                    problems.append(f"{entry.id}: unknown condition {key}")
        for question in (*entry.questions, *entry.questions_en):
            if not entry.may_answer(question):
                problems.append(f"{entry.id}: question outside its only_if: {question}")
        for link in set(entry.links) - set(base.link_labels):
            problems.append(f"{entry.id}: unknown link {link}")
        for related in entry.related:
            if related not in ids:
                problems.append(f"{entry.id}: related entry {related} does not exist")
        friend_entry = entry.for_referred_friend
        if friend_entry is not None and base.get(friend_entry) is None:
            problems.append(f"{entry.id}: for_referred_friend {friend_entry} does not exist")
    for intent, entry_id in base.defaults.items():
        default = base.get(entry_id)
        if default is None or default.intent != intent:
            problems.append(f"default entry {entry_id} of {intent} is missing or of another intent")
    for intent in base.intents - set(base.defaults):
        problems.append(f"intent {intent} has no default entry in intents.yml")
    return problems


def load(directory: Path = KNOWLEDGE_DIR) -> KnowledgeBase:
    """Read and check the knowledge base; :class:`KnowledgeError` on any problem."""
    operator_file = directory / "operator.yml"
    document = yaml.safe_load(operator_file.read_text(encoding="utf-8"))
    operator, link_labels = document["operator"], document["links"]
    entries: list[Entry] = []
    for path in sorted((directory / "entries").glob("*.yml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        entries += [_entry(raw, path.stem) for raw in document.get("entries") or []]
    index = yaml.safe_load((directory / "index.yml").read_text(encoding="utf-8"))
    base = KnowledgeBase(tuple(entries), operator, link_labels, index["defaults"], index["topics"])
    problems = check(base)
    if problems:
        raise KnowledgeError("knowledge base: " + "; ".join(problems))
    return base


@cache
def knowledge_base() -> KnowledgeBase:
    """The project's knowledge base, read once per process."""
    return load()
