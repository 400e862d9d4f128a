"""Answers from the program's published data: its reward (for demands for
more or for cash), its terms, and the brand's own service contact."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions.base import DatabaseAction, Events, conversation_program
from bot.models import Program
from bot.programs import (
    brand_contact_answer,
    cash_conversion_answer,
    higher_reward_answer,
    terms_answer,
)
from bot.topics import HUMAN_BUTTON


class ProgramAnswer(DatabaseAction):
    """Answer with the program's data, or with a general response when the
    conversation's program is unknown (widget without metadata)."""

    action_name: str
    answer: Callable[[Program], str]
    general_response: str
    offer_human: bool = False

    def name(self) -> str:
        return self.action_name

    def act(
        self,
        session: Session,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> Events:
        program = conversation_program(session, tracker)
        if program is None:
            dispatcher.utter_message(response=self.general_response)
            return []
        buttons = [HUMAN_BUTTON.as_dict()] if self.offer_human else None
        dispatcher.utter_message(text=type(self).answer(program), buttons=buttons)
        return []


class ActionHigherReward(ProgramAnswer):
    action_name = "action_higher_reward"
    answer = staticmethod(higher_reward_answer)
    general_response = "utter_demand_higher_reward"
    offer_human = True


class ActionCashConversion(ProgramAnswer):
    action_name = "action_cash_conversion"
    answer = staticmethod(cash_conversion_answer)
    general_response = "utter_convert_reward_to_cash"


class ActionBrandContact(ProgramAnswer):
    action_name = "action_brand_contact"
    answer = staticmethod(brand_contact_answer)
    general_response = "utter_brand_inquiry"


class ActionTerms(ProgramAnswer):
    action_name = "action_terms"
    answer = staticmethod(terms_answer)
    general_response = "utter_terms"
