"""The qualities a pain mark can have: aching, sharp, burning and so on.

Their own module, with no imports of ours, so the red-flag rules (which the models validate) can name them
without importing the pain-map form and, through it, the suggestion engine and the models again.
"""

from django.db import models


class PainQuality(models.TextChoices):
    ACHING = "aching", "Aching"
    SHARP = "sharp", "Sharp"
    BURNING = "burning", "Burning"
    TINGLING = "tingling", "Tingling"
    NUMB = "numb", "Numb"
    THROBBING = "throbbing", "Throbbing"
    # Shooting, electric-shock pain: like tingling or numbness, a pointer to a nerve (reference/suggest.py).
    ELECTRIC = "electric", "Electric (shooting)"
