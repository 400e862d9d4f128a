"""Rasa NLU components of this project, loaded by module path from config.yml
(``nlu_components.linear_intents.LinearIntentClassifier``). They know nothing
of the referral domain; the domain logic lives in ``bot/``."""
