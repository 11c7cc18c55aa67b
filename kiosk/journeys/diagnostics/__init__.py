"""维护模式: the technician's diagnostics on the touch screen, behind the staff PIN — every
device on every axis with its identity, capabilities, counters and last errors; health
checks; supply counters; the outbox; network, disk, version; recent logs (redacted); and in
mock mode the simulators' fault switches. Everything goes through :mod:`kiosk.admin` (the
same services as the technician's commands) and is audited there."""
from kiosk.journeys.base import JourneySpec, N_, Tile

JOURNEY = JourneySpec(
    name="diagnostics",
    tile=Tile(N_("维护模式"), N_("设备状态、自检、耗材、待发送数据、网络与日志"), order=10),
    flow="kiosk.journeys.diagnostics.flow:DiagnosticsJourney",
    screens="kiosk.journeys.diagnostics.screens",
    # a technician is needed most when devices or the server are down: it needs nothing
    hours24=True,
    description="technician diagnostics: devices, checks, supplies, outbox, network, logs",
    audience="staff",
)
