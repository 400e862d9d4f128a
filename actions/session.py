"""Session start: end the previous session's verification, remember the
program from the widget's metadata, accept a signed identity token from the
brand's website, and keep a conversation paused while it is with the service
team.

Rasa's ``SessionStarted`` resets the tracker, and with it the pause of a
handoff. A customer who waited longer than the session expiry
(``session_config`` in domain.yml) and writes again would otherwise get the
bot's answers while still queued or talking to an agent."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import ActionExecuted, ConversationPaused, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select
from sqlalchemy.orm import Session

from actions.base import (
    VERIFIED,
    DatabaseAction,
    Events,
    clean_slug,
    program_slots,
    program_slug,
)
from bot.handoff import open_handoff_for
from bot.identity_token import read_token, token_secret
from bot.models import Program, Referrer
from bot.verification import end_verification, record_verified


class ActionSessionStart(DatabaseAction):
    def name(self) -> str:
        return "action_session_start"

    def act(
        self,
        session: Session,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> Events:
        metadata = tracker.get_slot("session_started_metadata") or {}
        # Only the program carries over into a new session; a verification
        # does not (the next person at the same computer is someone else):
        # not in the slots, and not in the database, where actions check it.
        end_verification(session, tracker.sender_id)
        slug = clean_slug(metadata.get("program")) or program_slug(tracker)
        events: Events = [SessionStarted(), *program_slots(session, slug)]
        if open_handoff_for(session, tracker.sender_id) is not None:
            events.append(ConversationPaused())
        claims = read_token(metadata.get("auth_token"), token_secret())
        if claims and (slug is None or claims.program == slug):
            referrer_id = session.scalar(
                select(Referrer.id)
                .join(Program)
                .where(Referrer.referral_code == claims.code, Program.slug == claims.program)
            )
            if referrer_id is not None:
                record_verified(session, tracker.sender_id, claims.code, referrer_id)
                events += [
                    *program_slots(session, claims.program),
                    SlotSet("verification", VERIFIED),
                    SlotSet("verified_referrer", str(referrer_id)),
                ]
        return [*events, ActionExecuted("action_listen")]

    def on_database_error(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        # The session must start even when the database is down, silently:
        # the customer has not asked anything yet.
        metadata = tracker.get_slot("session_started_metadata") or {}
        slug = clean_slug(metadata.get("program")) or program_slug(tracker)
        return [SessionStarted(), SlotSet("program", slug), ActionExecuted("action_listen")]
