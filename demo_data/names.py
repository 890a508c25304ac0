"""Plausible English names, places and identifiers for generated data, drawn from a seeded `random.Random`
so every run with the same seed produces the same people."""

from __future__ import annotations

import random
import re
import uuid

FIRST_NAMES = (
    "Oliver", "George", "Harry", "Jack", "Jacob", "Noah", "Charlie", "Muhammad", "Thomas", "Oscar",
    "William", "James", "Henry", "Leo", "Alfie", "Joshua", "Freddie", "Archie", "Ethan", "Isaac",
    "Alexander", "Joseph", "Edward", "Samuel", "Max", "Daniel", "Arthur", "Lucas", "Mohammed", "Logan",
    "Olivia", "Amelia", "Isla", "Ava", "Emily", "Sophia", "Grace", "Mia", "Poppy", "Ella",
    "Lily", "Evie", "Isabella", "Sophie", "Ivy", "Freya", "Harper", "Willow", "Charlotte", "Jessica",
    "Rosie", "Daisy", "Alice", "Florence", "Matilda", "Chloe", "Phoebe", "Ruby", "Hannah", "Zara",
    "Priya", "Aisha", "Fatima", "Amira", "Sienna", "Niamh", "Siobhan", "Rhys", "Callum", "Kieran",
    "Aaron", "Nathan", "Ryan", "Adam", "Ben", "Laura", "Rebecca", "Rachel", "Katie", "Megan",
    "Hassan", "Imran", "Yusuf", "Tariq", "Anjali", "Deepa", "Kwame", "Chidi", "Tomasz", "Agnieszka",
)  # fmt: skip

LAST_NAMES = (
    "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson",
    "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards", "Hughes", "Green", "Hall",
    "Lewis", "Harris", "Clarke", "Patel", "Jackson", "Wood", "Turner", "Martin", "Cooper", "Hill",
    "Ward", "Morris", "Moore", "Clark", "Lee", "King", "Baker", "Harrison", "Morgan", "Allen",
    "James", "Scott", "Phillips", "Watson", "Davis", "Parker", "Price", "Bennett", "Young", "Griffiths",
    "Mitchell", "Kelly", "Cook", "Carter", "Richardson", "Bailey", "Collins", "Bell", "Shaw", "Murphy",
    "Miller", "Cox", "Richards", "Khan", "Marshall", "Anderson", "Simpson", "Ellis", "Adams", "Singh",
    "Begum", "Ali", "Hussain", "Ahmed", "Okafor", "Mensah", "Nowak", "Kowalski", "O'Brien", "McCarthy",
    "Fletcher", "Atkinson", "Barnes", "Holmes", "Lloyd", "Dixon", "Knight", "Hunt", "Palmer", "Mason",
)  # fmt: skip

PLACES = (
    "Ashford", "Barnsley", "Beverley", "Bideford", "Blackburn", "Bolton", "Bradford", "Bridgwater", "Bristol",
    "Burnley", "Cambridge", "Canterbury", "Carlisle", "Chelmsford", "Cheltenham", "Chester", "Chichester",
    "Colchester", "Coventry", "Crawley", "Darlington", "Derby", "Doncaster", "Dorchester", "Dudley", "Durham",
    "Exeter", "Gateshead", "Gloucester", "Grimsby", "Guildford", "Halifax", "Harrogate", "Hastings", "Hereford",
    "Huddersfield", "Ipswich", "Kendal", "Kettering", "Lancaster", "Leicester", "Lincoln", "Luton", "Maidstone",
    "Mansfield", "Middlesbrough", "Newark", "Northampton", "Norwich", "Nottingham", "Oldham", "Oxford",
    "Penrith", "Peterborough", "Plymouth", "Portsmouth", "Preston", "Reading", "Redruth", "Rochdale",
    "Rotherham", "Salisbury", "Scarborough", "Sheffield", "Shrewsbury", "Southport", "Stafford", "Stockport",
    "Sunderland", "Swindon", "Taunton", "Telford", "Truro", "Wakefield", "Walsall", "Warrington", "Watford",
    "Whitby", "Wigan", "Winchester", "Wolverhampton", "Worcester", "Worthing", "York",
)  # fmt: skip

NEIGHBOURHOODS = (
    "Oakfield", "Hillside", "Riverside", "Meadowbank", "Westbrook", "Northfield", "Kingsmead", "Fairfield",
    "Greenacres", "Highfield", "Brookside", "Elmwood", "Ashgrove", "Beechwood", "Larkrise", "Moorside",
    "Parkside", "Springfield", "Thornhill", "Woodlands", "Stonebridge", "Millbrook", "Heathfield", "Southmead",
    "Castle Hill", "Abbey Park", "Chapel End", "Orchard Vale", "Sandhurst", "Windmill Hill",
)  # fmt: skip

SAINTS = ("St Mary's", "St John's", "St Peter's", "St Michael's", "Holy Trinity", "St Anne's", "St Joseph's")

ITT_PROVIDERS = (
    "University of Leeds", "University of Nottingham", "Sheffield Hallam University", "UCL", "University of Exeter",
    "Manchester Metropolitan University", "University of Birmingham", "Teach First", "Leeds Trinity University",
    "University of Cumbria", "Bath Spa University", "Edge Hill University", "Oxford Brookes University",
    "Star Teachers SCITT", "Kent and Medway Training", "Bedfordshire Schools Training Partnership",
)  # fmt: skip

DELIVERY_PARTNER_NAMES = (
    "Northern Lights Teaching Partnership", "Bright Futures Learning Trust", "Three Rivers Teaching Alliance",
    "Pennine Teaching School Hub Partnership", "Kent and Medway Learning Partnership", "Solent Teaching Alliance",
    "Midlands Teacher Development Network", "East Anglia Schools Partnership", "Cotswold Learning Partnership",
    "Tees Valley Education Partnership", "Mersey Teaching Collaborative", "Thames Valley Teaching Partners",
    "Peak District Schools Alliance", "Wessex Learning Network", "Humber Teaching Partnership",
    "London South Teaching Alliance", "Cheshire Schools Collaborative", "Norfolk Teaching Partnership",
    "Severn Learning Alliance", "Yorkshire Dales Teaching Network", "Cornwall Education Partnership",
    "Lincolnshire Teaching Collaborative",
)  # fmt: skip


def seeded_uuid(rng: random.Random) -> uuid.UUID:
    """A version-4 UUID taken from `rng`, so generated identifiers repeat run after run."""
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class Namer:
    """Names, unique emails and unique TRNs. TRNs come from their own stream so they do not shift when the
    amount of other randomness changes."""

    def __init__(
        self,
        rng: random.Random,
        *,
        trn_seed: int = 0,
        trn_range: tuple[int, int] = (0, 0),
        first_trn: int | None = None,
    ) -> None:
        self.rng = rng
        self._trn_rng = random.Random(trn_seed)
        self._trn_range = trn_range
        self._trns: set[str] = set()
        self._emails: set[str] = set()
        self._next_trn = first_trn

    def person(self) -> tuple[str, str]:
        return self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)

    def trn(self) -> str:
        """Random and unique within the range, or sequential from `first_trn` when given (no collisions, no lookups)."""
        if self._next_trn is not None:
            self._next_trn += 1
            return f"{self._next_trn - 1:07d}"
        low, high = self._trn_range
        while True:
            trn = f"{self._trn_rng.randint(low, high):07d}"
            if trn not in self._trns and trn != "1234567":
                self._trns.add(trn)
                return trn

    def email(self, first: str, last: str, domain: str) -> str:
        base = f"{slug(first)}.{slug(last)}".replace("-", "")
        candidate, n = f"{base}@{domain}", 1
        while candidate in self._emails:
            n += 1
            candidate = f"{base}{n}@{domain}"
        self._emails.add(candidate)
        return candidate
