"""Every demo customer can verify with code and e-mail in one message, also
the ones whose address holds something shaped like a code
(``renate.weber1973@…``, ``hannah277@…``), which used to become the code.

The message goes through the project's own extraction: Rasa's
RegexEntityExtractor with the patterns it is trained with (``data/nlu``,
``config.yml``), then the actions' reading of the message
(``actions.base.details_in_message``), then the check against the
database.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa.nlu.extractors.regex_entity_extractor import RegexEntityExtractor
from rasa.nlu.utils import pattern_utils
from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.message import Message
from rasa_sdk import Tracker
from sqlalchemy import select
from sqlalchemy.orm import Session

from actions.base import details_in_message
from bot.demo_data import generate
from bot.models import Referrer
from bot.referral_code import mask_codes, normalize_code
from bot.verification import Outcome, normalize_email, verify
from tests.trackers import tracker_state

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 5, 9)


@pytest.fixture(scope="module")
def extractor() -> RegexEntityExtractor:
    """The RegexEntityExtractor as ``rasa train`` builds it from this project."""
    pipeline = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))["pipeline"]
    config = next(step for step in pipeline if step["name"] == "RegexEntityExtractor")
    config = {key: value for key, value in config.items() if key != "name"}
    patterns = pattern_utils.extract_patterns(
        load_data(str(ROOT / "data" / "nlu")),
        use_lookup_tables=config["use_lookup_tables"],
        use_regexes=config["use_regexes"],
        use_only_entities=True,
        use_word_boundaries=config["use_word_boundaries"],
    )
    return RegexEntityExtractor(config, model_storage=None, resource=None, patterns=patterns)


def _entities(extractor: RegexEntityExtractor, text: str) -> list[dict[str, Any]]:
    message = Message(data={"text": text})
    extractor.process([message])
    return message.get("entities") or []


def test_every_demo_customer_gets_exactly_their_code_and_email_back(
    session: Session, extractor: RegexEntityExtractor
) -> None:
    generate(session, seed=42, referrers=3000, today=TODAY)
    referrers = session.execute(select(Referrer.id, Referrer.referral_code, Referrer.email)).all()
    code_shaped = [email for _, _, email in referrers if mask_codes(email) != email]
    assert len(code_shaped) > 100, "the demo data should hold code-shaped addresses"

    for referrer_id, code, email in referrers:
        text = f"Mein Code ist {code}, meine Mail {email}"
        entities = _entities(extractor, text)
        # Rasa fills the slot from these (the last one wins): only the code.
        codes = [e["value"] for e in entities if e["entity"] == "referral_code"]
        emails = [e["value"] for e in entities if e["entity"] == "email"]
        assert [normalize_code(value) for value in codes] == [code], text
        assert emails == [email], text

        state = tracker_state(text, "inform")
        state["latest_message"]["entities"] = entities
        found = details_in_message(Tracker.from_dict(state))
        assert found == (code, normalize_email(email)), text

        result = verify(session, f"demo-{referrer_id}", *found)
        assert (result.outcome, result.referrer_id) == (Outcome.VERIFIED, referrer_id), text
