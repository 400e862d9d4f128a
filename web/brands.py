"""How each program's demo page looks: colours and marketing copy.

Brand names, rewards and links come from the program definitions in
``bot/demo_data.py`` (the same data the bot answers from); this module adds
only what a brand's website has and the database has not: colours, a slogan,
a product line.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.demo_data import PROGRAMS


@dataclass(frozen=True)
class DemoBrand:
    slug: str
    brand: str
    reward: str
    terms_url: str
    privacy_url: str
    accent: str  # main colour: header, widget
    accent_dark: str  # hover, text on light background
    accent_text: str  # text on the main colour
    product: str
    slogan: str
    hero: str
    steps: tuple[str, str, str]
    widget_title: str


_LOOK: dict[str, dict] = {
    "autosicher": {
        "accent": "#1f5fa8",
        "accent_dark": "#17497f",
        "accent_text": "#ffffff",
        "product": "Kfz-Versicherung",
        "slogan": "Gut versichert ans Ziel.",
        "hero": (
            "Empfehlen Sie AutoSicher weiter. "
            "Ihre Prämie für jede erfolgreiche Empfehlung: {reward}."
        ),
        "steps": (
            "Empfehlungslink oder Empfehlungscode aus Ihrem Kundenkonto teilen.",
            "Ihre Bekannten schließen über Ihre Empfehlung eine Kfz-Versicherung ab.",
            "Nach der Wartezeit erhalten Sie Ihre Prämie – ganz automatisch.",
        ),
    },
    "sonnenstrom": {
        "accent": "#f29100",
        "accent_dark": "#b35f00",
        "accent_text": "#1d1d1b",
        "product": "Ökostrom und Gas",
        "slogan": "Energie mit einem Lächeln.",
        "hero": (
            "Freunde werben lohnt sich. Ihr Dankeschön für jede erfolgreiche Empfehlung: {reward}."
        ),
        "steps": (
            "Laden Sie Freunde mit Ihrem persönlichen Empfehlungscode ein.",
            "Ihre Freunde wechseln zu SonnenStrom und werden beliefert.",
            "Nach der Wartezeit schicken wir Ihnen Ihren Gutschein per E-Mail.",
        ),
    },
    "funknetz": {
        "accent": "#6a2c91",
        "accent_dark": "#4f1f6d",
        "accent_text": "#ffffff",
        "product": "Mobilfunk und Internet",
        "slogan": "Verbunden, wo Sie sind.",
        "hero": "Kunden werben Kunden. Ihre Prämie für jede erfolgreiche Empfehlung: {reward}.",
        "steps": (
            "Teilen Sie Ihren Empfehlungscode aus der FunkNetz-App.",
            "Ihre Bekannten buchen einen Mobilfunktarif mit Ihrem Code.",
            "Ist die Wartezeit vorbei, schalten wir Ihre Prämie frei.",
        ),
    },
}


def demo_brands() -> dict[str, DemoBrand]:
    """Every program that has a demo look, by slug, in a stable order."""
    brands: dict[str, DemoBrand] = {}
    for program in PROGRAMS:
        look = _LOOK.get(program.slug)
        if look is None:
            continue
        brand, reward = program.brand, program.reward_description
        brands[program.slug] = DemoBrand(
            slug=program.slug,
            brand=brand,
            reward=reward,
            terms_url=program.terms_url,
            privacy_url=program.privacy_url,
            accent=look["accent"],
            accent_dark=look["accent_dark"],
            accent_text=look["accent_text"],
            product=look["product"],
            slogan=look["slogan"],
            hero=look["hero"].format(reward=reward),
            steps=look["steps"],
            widget_title=f"{brand.split()[0]} Empfehlungsprogramm",
        )
    return brands
