"""Domain logic of the referral-program bot, independent of Rasa's action server."""
