"""Small builders shared by tests: activities and children written straight to the database."""

from planner.extensions import db
from planner.models import Activity, Child, Household, User

PRACTICES = ("ask-for-help", "teamwork", "connection")

# A good own card, as the "write your own card" form posts it.
OWN_CARD_FORM = {
    "title": "Ask Nana about her garden",
    "practice": "ask-for-help",
    "age_min": "4",
    "age_max": "12",
    "minutes": "20",
    "setting": "outdoors",
    "who": "trusted-adult",
    "materials": "None",
    "steps": "Call Nana.\nAsk what to plant.\nPlant it together.",
    "say": "Nana knows best about plants — let's ask her.",
    "why": "Asking an expert we love is normal.",
    "stretch": "",
}


def make_activities(count=30, age_min=2, age_max=17, minutes=10, household_id=None, prefix="card"):
    """`count` simple activities spread over the three practices."""
    activities = []
    for index in range(count):
        activity = Activity(
            slug=f"{prefix}-{index}",
            household_id=household_id,
            title=f"Activity number {index}",
            practice=PRACTICES[index % 3],
            age_min=age_min,
            age_max=age_max,
            minutes=minutes,
            setting="home",
            who="whole-family",
            materials="None",
            steps_text="Do the first thing.\nDo the second thing.",
            say=f"Let's do number {index} together.",
            why="It helps.",
        )
        db.session.add(activity)
        activities.append(activity)
    db.session.commit()
    return activities


def household_of(email: str) -> Household:
    return db.session.execute(db.select(User).where(User.email == email)).scalar_one().household


def add_child_row(household: Household, name="Mia", year=2017, month=1) -> Child:
    child = Child(household_id=household.id, name=name, birth_year=year, birth_month=month)
    db.session.add(child)
    db.session.commit()
    return child
