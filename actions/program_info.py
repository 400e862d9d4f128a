"""Answers from the program's published data: its reward (for demands for
more or for cash), its terms, and the brand's own service contact."""

from __future__ import annotations

from abc import ABC, abstractmethod
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


class ProgramAnswer(DatabaseAction, ABC):
    """Answer with the program's data, or with a general response when the
    conversation's program is unknown (widget without metadata)."""

    general_response: str
    offer_human: bool = False

    @abstractmethod
    def program_text(self, program: Program) -> str: ...

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
        dispatcher.utter_message(text=self.program_text(program), buttons=buttons)
        return []


class ActionHigherReward(ProgramAnswer):
    general_response = "utter_demand_higher_reward"
    offer_human = True

    def name(self) -> str:
        return "action_higher_reward"

    def program_text(self, program: Program) -> str:
        return higher_reward_answer(program)


class ActionCashConversion(ProgramAnswer):
    general_response = "utter_convert_reward_to_cash"

    def name(self) -> str:
        return "action_cash_conversion"

    def program_text(self, program: Program) -> str:
        return cash_conversion_answer(program)


class ActionBrandContact(ProgramAnswer):
    general_response = "utter_brand_inquiry"

    def name(self) -> str:
        return "action_brand_contact"

    def program_text(self, program: Program) -> str:
        return brand_contact_answer(program)


class ActionTerms(ProgramAnswer):
    general_response = "utter_terms"

    def name(self) -> str:
        return "action_terms"

    def program_text(self, program: Program) -> str:
        return terms_answer(program)
