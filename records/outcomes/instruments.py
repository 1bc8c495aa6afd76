"""The wording of the outcome measures, as the forms show them and the export writes them.

Data only: the scoring rules are in ``records.outcomes.scoring``.

* LEFS: Binkley JM, Stratford PW, Lott SA, Riddle DL. The Lower Extremity Functional Scale (LEFS): scale
  development, measurement properties, and clinical application. Phys Ther 1999;79:371–383. The question is
  "Today, do you or would you have any difficulty at all with:", twenty activities, each answered 0–4.
* PSFS: Stratford P, Gill C, Westaway M, Binkley J. Assessing disability and change on individual patients:
  a report of a patient specific measure. Physiother Can 1995;47:258–263. Three to five activities the
  client names, each scored 0 (unable to perform) to 10 (able to perform at the level before the problem).
* Global rating of change: the 15-point scale of Jaeschke R, Singer J, Guyatt GH. Measurement of health
  status: ascertaining the minimal clinically important difference. Control Clin Trials 1989;10:407–415.
* NRS-11: 0 no pain, 10 worst pain imaginable.
"""

from __future__ import annotations

LEFS_QUESTION = "Today, do you or would you have any difficulty at all with:"

# Item n is LEFS_ITEMS[n - 1]; stored item numbers are 1..20 (records.models.LefsItemScore.item).
LEFS_ITEMS: tuple[str, ...] = (
    "Any of your usual work, housework or school activities",
    "Your usual hobbies, recreational or sporting activities",
    "Getting into or out of the bath",
    "Walking between rooms",
    "Putting on your shoes or socks",
    "Squatting",
    "Lifting an object, like a bag of groceries from the floor",
    "Performing light activities around your home",
    "Performing heavy activities around your home",
    "Getting into or out of a car",
    "Walking 2 blocks",
    "Walking a mile",
    "Going up or down 10 stairs (about 1 flight of stairs)",
    "Standing for 1 hour",
    "Sitting for 1 hour",
    "Running on even ground",
    "Running on uneven ground",
    "Making sharp turns while running fast",
    "Hopping",
    "Rolling over in bed",
)
LEFS_ITEM_COUNT = len(LEFS_ITEMS)  # 20
LEFS_MIN_SCORE = 0
LEFS_MAX_SCORE = 4
LEFS_MAX_TOTAL = LEFS_ITEM_COUNT * LEFS_MAX_SCORE  # 80

# (score, label): higher is easier.
LEFS_ANSWERS: tuple[tuple[int, str], ...] = (
    (0, "Extreme difficulty or unable to perform activity"),
    (1, "Quite a bit of difficulty"),
    (2, "Moderate difficulty"),
    (3, "A little bit of difficulty"),
    (4, "No difficulty"),
)


def lefs_item_text(item: int) -> str:
    """The wording of LEFS item ``item`` (1..20)."""
    if not 1 <= item <= LEFS_ITEM_COUNT:
        raise ValueError(f"LEFS items are numbered 1 to {LEFS_ITEM_COUNT}, not {item}.")
    return LEFS_ITEMS[item - 1]


PSFS_MIN_ACTIVITIES = 3
PSFS_MAX_ACTIVITIES = 5
PSFS_MIN_SCORE = 0
PSFS_MAX_SCORE = 10
PSFS_QUESTION = (
    "Name up to five important activities you are unable to do or have difficulty with because of your "
    "problem. Today, how able are you to do each one?"
)
PSFS_ANCHORS = (
    (0, "Unable to perform activity"),
    (10, "Able to perform activity at the same level as before"),
)

NRS_MIN = 0
NRS_MAX = 10
NRS_ANCHORS = ((0, "No pain"), (10, "Worst pain imaginable"))
USUAL_PAIN_WEEK_QUESTION = "Your usual pain over the last week (0 no pain, 10 worst pain imaginable)"

GROC_MIN = -7
GROC_MAX = 7
GROC_QUESTION = "Overall, has there been any change in your condition since you started care here?"
# Jaeschke et al. 1989: the same seven steps worse and better around "about the same".
_GROC_STEPS = (
    "Almost the same, hardly any {} at all",
    "A little {}",
    "Somewhat {}",
    "Moderately {}",
    "A good deal {}",
    "A great deal {}",
    "A very great deal {}",
)
GROC_LABELS: dict[int, str] = {
    0: "About the same",
    **{step: text.format("better") for step, text in enumerate(_GROC_STEPS, start=1)},
    **{-step: text.format("worse") for step, text in enumerate(_GROC_STEPS, start=1)},
}
GROC_ANSWERS: tuple[tuple[int, str], ...] = tuple(
    (v, GROC_LABELS[v]) for v in range(GROC_MAX, GROC_MIN - 1, -1)
)
