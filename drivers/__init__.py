"""The device layer: one life cycle, one status model and one worker for every peripheral.

The application talks to peripherals only through :class:`drivers.manager.DeviceManager`.
Each device kind lives in its own sub-package (``drivers.idcard``, ``drivers.printer`` …) and
registers a :class:`drivers.core.registry.DriverSpec` naming its device class and simulator.
"""
