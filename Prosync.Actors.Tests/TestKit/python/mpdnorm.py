"""Shared helpers for the python-mpd2 session scripts.

The scripts print one JSON document made only of values that MPD makes
deterministic, so two runs (direct MPD vs. Prosync, or two fresh MPDs) can be
compared byte for byte. Every normalisation lives here and is documented:

* Song ids (Id, songid, nextsongid, addid results) are per-server values: they
  become "id#N", N being the order of first appearance in the session. Equal
  ids stay equal, different ids stay different.
* The queue version (status "playlist") is a per-server counter: it becomes
  "v#N", N being its rank among all versions seen in the session. Order and
  equality survive (what plchanges relies on); the absolute value does not.
* status: "elapsed" and the elapsed half of "time" are kept only when the
  player is not playing (a paused or stopped player reports exact values,
  e.g. 10.000 after a seek while paused); "bitrate" and "audio" depend on the
  decoder's progress and are dropped; "updating_db" is dropped because the
  scripts wait for updates to finish (the job id is recorded from the update
  command itself).
* stats: uptime, playtime and db_update are clock values and are dropped.
"""

import argparse
import hashlib
import json
import sys


class Normaliser:
    def __init__(self):
        self._ids = {}
        self._versions = []

    def song_id(self, value):
        if value is None:
            return None
        key = str(value)
        if key not in self._ids:
            self._ids[key] = "id#%d" % (len(self._ids) + 1)
        return self._ids[key]

    def version(self, value):
        marker = _Version(int(value))
        self._versions.append(marker)
        return marker

    def song(self, song):
        out = dict(song)
        if "id" in out:
            out["id"] = self.song_id(out["id"])
        return out

    def songs(self, songs):
        return [self.song(s) for s in songs]

    def status(self, status):
        out = {}
        playing = status.get("state") == "play"
        for key, value in status.items():
            if key in ("bitrate", "audio", "updating_db"):
                continue
            if key in ("songid", "nextsongid"):
                value = self.song_id(value)
            elif key == "playlist":
                value = self.version(value)
            elif key == "elapsed" and playing:
                continue
            elif key == "time" and playing:
                value = "*:" + value.split(":", 1)[1]
            out[key] = value
        return out

    def stats(self, stats):
        return {k: v for k, v in stats.items() if k not in ("uptime", "playtime", "db_update")}

    def dumps(self, document):
        ranks = {v: i + 1 for i, v in enumerate(sorted({m.value for m in self._versions}))}

        def default(obj):
            if isinstance(obj, _Version):
                return "v#%d" % ranks[obj.value]
            if isinstance(obj, (bytes, bytearray)):
                return binary_summary(obj)
            raise TypeError("not serialisable: %r" % (obj,))

        return json.dumps(document, default=default, ensure_ascii=False, indent=1, sort_keys=False)


class _Version:
    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


def binary_summary(data):
    return {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def picture(result):
    """albumart/readpicture result (the client already looped over the chunks)."""
    out = {k: v for k, v in result.items() if k != "binary"}
    if "binary" in result:
        out["binary"] = binary_summary(result["binary"])
    return out


def error_text(exc):
    """A CommandError's text is the ACK line without its 'ACK ' prefix."""
    return "%s: %s" % (type(exc).__name__, exc)


def parse_args(description):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--host", required=True)
    parser.add_argument("--port", required=True, type=int)
    parser.add_argument("--art-uri", required=True, help="track with embedded picture and a cover file")
    parser.add_argument("--plain-uri", required=True, help="track without any picture")
    parser.add_argument("--artist", required=True, help="artist with a non-ASCII name")
    parser.add_argument("--album", required=True, help="an album of that artist")
    parser.add_argument("--settle", type=float, default=0.3,
                        help="seconds to let MPD's player thread publish its idle events")
    return parser.parse_args()


def emit(normaliser, document):
    sys.stdout.write(normaliser.dumps(document))
    sys.stdout.write("\n")
    sys.stdout.flush()
