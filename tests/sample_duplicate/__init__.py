"""A second registration under the sample journey's name (a packaging mistake)."""
from kiosk.journeys.base import JourneySpec, Tile

JOURNEY = JourneySpec(name="sample_code", tile=Tile("重复", ""), flow="x:Y", screens="x")
