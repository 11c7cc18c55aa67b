"""A generic PC/SC contact card reader: the :class:`SmartCardReader` contract over pcscd.

The reader is named in devices.toml (``port``: the name pcscd lists, or a unique prefix of
it, or ``"*"`` for whichever reader holds a card). Card presence comes from pcscd without
touching the card, so the ``card`` axis is always known while the reader answers:
``present`` / ``absent``. Waiting mode (``arm()``) looks every ``watch_interval`` seconds and
publishes ``SmartCardInserted`` (with the ATR) once per insertion and ``SmartCardRemoved``
when the card leaves; a card already in the reader when arming counts as inserted.

Card applications (the social-security card, issue 11) stand on :meth:`PcscReader.exchange`,
which applies the 61xx/6Cxx rules; ``transmit`` relays raw APDUs (scripts from the central
card-management system) untouched.
"""
from __future__ import annotations

import logging

from drivers.core.apdu import ApduResponse, PcscTransport, ReaderState
from drivers.core.errors import DeviceError, NotReady
from drivers.core.status import DeviceInfo, DeviceState, DeviceStatus, MediaState
from drivers.kinds.smart_card import SmartCardInserted, SmartCardReader, SmartCardRemoved

log = logging.getLogger(__name__)


class PcscReader(SmartCardReader):

    def __init__(self, *args, **kw) -> None:
        super().__init__(*args, **kw)
        opts = self.options
        self.share = str(opts.get("share") or "shared")
        self.protocol = str(opts.get("protocol") or "any")
        self.watch_interval = float(opts.get("watch_interval") or 0.25)
        self.channel: PcscTransport | None = None
        self._armed = False
        self._seen: bool | None = None  # card present at the last look while armed

    # ---------------------------------------------------------------- life cycle
    def _open(self) -> None:
        channel = PcscTransport(self.port or "*", timeout=self.timeout, share=self.share,
                                protocol=self.protocol)
        channel.open()
        self.channel = channel
        reader = channel.reader or "any reader with a card"
        self.info = DeviceInfo(model=f"PC/SC reader {reader}",
                               extra={"reader": reader, "share": self.share,
                                      "protocol": self.protocol},
                               capabilities={"reader": "found" if channel.reader else "any",
                                             "protocol": self.protocol, "share": self.share})

    def _close(self) -> None:
        channel, self.channel = self.channel, None
        if channel is not None:
            channel.close()
        self._seen = None
        if self.status.supplies.get("card") != MediaState.UNKNOWN:
            self.set_status(supplies={"card": MediaState.UNKNOWN})

    def _channel(self) -> PcscTransport:
        channel = self.channel
        if channel is None or not channel.is_open:
            raise NotReady(f"{self.name}: reader is not open")
        return channel

    # ------------------------------------------------------------------- status
    def poll_status(self) -> DeviceStatus:
        state = self._channel().reader_state()
        return DeviceStatus(DeviceState.ONLINE,
                            {"card": MediaState.PRESENT if state.present else MediaState.ABSENT},
                            _describe(state))

    # ---------------------------------------------------------------- operations
    def atr(self) -> bytes:
        return self._channel().atr()

    def transmit(self, apdu: bytes) -> bytes:
        return self._channel().transmit(bytes(apdu))

    def exchange(self, apdu: bytes) -> ApduResponse:
        """One command with 61xx (GET RESPONSE) and 6Cxx (Le) handled; judge ``.sw``."""
        return self._channel().exchange(bytes(apdu))

    def release_card(self, reset: bool = False) -> None:
        """Let go of the card; ``reset`` forgets its selected application."""
        self._channel().release_card(reset)

    # -------------------------------------------------------------- waiting mode
    @property
    def armed(self) -> bool:
        return self._armed

    def arm(self) -> None:
        """Watch for insertion/removal. Submit it as a job so the worker wakes at once."""
        self._seen = None
        self._armed = True
        self.idle_interval = self.watch_interval

    def disarm(self) -> None:
        self._armed = False
        self._seen = None
        self.idle_interval = None

    def idle(self) -> None:
        if not self._armed or self.channel is None:
            super().idle()
            return
        try:
            state = self._channel().reader_state()
        except DeviceError as exc:
            self._on_failure("watch", exc)
            raise
        self.counters.mark_seen()
        self.set_status(DeviceState.ONLINE,
                        {"card": MediaState.PRESENT if state.present else MediaState.ABSENT},
                        _describe(state))
        # a mute card (no ATR) is not "inserted" for a journey: it cannot be read
        present = state.present and not state.mute
        if present and self._seen is not True:
            self._seen = True
            log.info("%s: card inserted", self.name)
            self.events.publish(SmartCardInserted(self.name, atr=state.atr))
        elif not present and self._seen:
            self._seen = False
            log.info("%s: card removed", self.name)
            self.events.publish(SmartCardRemoved(self.name))
        elif self._seen is None:
            self._seen = present


def _describe(state: ReaderState) -> str:
    if not state.present:
        return f"{state.reader}: no card"
    if state.mute:
        return f"{state.reader}: card does not answer its reset (mute)"
    return f"{state.reader}: card present"


__all__ = ["PcscReader"]
