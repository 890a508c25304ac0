import datetime as dt

from providers.models import Milestone


def test_baseline_world_matches_the_spec(world):
    assert world.jane.full_name == "Jane Smith"
    assert world.contract_periods[2022].is_payments_frozen
    assert not world.contract_periods[2027].enabled
    started = Milestone.objects.get(
        schedule__contract_period_id=2024, schedule__identifier="ecf-standard-september", declaration_type="started"
    )
    assert (started.start_date, started.milestone_date) == (dt.date(2024, 6, 1), dt.date(2024, 12, 31))
    assert world.old_county_council.is_active is False
