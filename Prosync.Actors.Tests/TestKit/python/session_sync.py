#!/usr/bin/python3
"""A python-mpd2 (synchronous MPDClient) session against one MPD-speaking server.

Prints a JSON document of deterministic values (see mpdnorm.py for what is
normalised and why). Run it against a direct MPD and against Prosync and
compare the output byte for byte.

Uses two connections: "a" runs the session, "b" makes changes that "a" must see
through idle. python-mpd2 3.0.5's synchronous client has no noidle; the script
sends idle+noidle back to back on the raw connection the way libmpdclient and
ncmpcpp do, which is exactly the case a proxy must get right.
"""

import os
import threading
import time

from mpd import MPDClient, CommandError

import mpdnorm

args = mpdnorm.parse_args(__doc__)
N = mpdnorm.Normaliser()
doc = {}


def connect():
    client = MPDClient()
    client.timeout = 10
    client.idletimeout = 10
    client.connect(args.host, args.port)
    return client


def raw(client, command, *arguments):
    """A command python-mpd2 does not know (or a raw one): returns its lines."""
    client._write_command(command, list(arguments))
    return list(client._read_lines())


def drain(client):
    """Pending idle events of this connection: idle and noidle back to back.

    Sleeps first so that events MPD's player thread publishes asynchronously
    (play, next, seek) have arrived; the pending set is then deterministic.
    """
    time.sleep(args.settle)
    client._write_command("idle")
    client._write_command("noidle")
    return list(client._parse_list(client._read_lines()))


def idle_triggered_by(client, subsystems, trigger):
    """Blocks client in idle on a thread while another connection runs trigger()."""
    result = {}

    def run():
        try:
            result["changes"] = client.idle(*subsystems)
        except Exception as exc:  # reported in the document
            result["changes"] = mpdnorm.error_text(exc)

    thread = threading.Thread(target=run)
    thread.start()
    time.sleep(args.settle)
    trigger()
    thread.join(15)
    if thread.is_alive():
        raise RuntimeError("idle %r did not return after the trigger" % (subsystems,))
    return result["changes"]


def idle_interrupted_by_noidle(client):
    """A waiting idle ended by noidle from the same connection: an empty answer."""
    result = {}
    thread = threading.Thread(target=lambda: result.setdefault("changes", client.idle()))
    thread.start()
    time.sleep(args.settle)
    client._write_command("noidle")
    thread.join(15)
    if thread.is_alive():
        raise RuntimeError("noidle did not end the idle")
    return result["changes"]


def attempt(action):
    try:
        value = action()
        return {"ok": value}
    except CommandError as exc:
        return {"error": mpdnorm.error_text(exc)}


a = connect()
b = connect()
album1 = os.path.dirname(args.art_uri)

doc["hello"] = a.mpd_version
doc["drain_fresh_connection"] = drain(a)

# Queue
a.clear()
status = a.status()
version_empty = status["playlist"]
doc["status_after_clear"] = N.status(status)
a.add(album1)
doc["status_after_add"] = N.status(a.status())
a.findadd("album", args.album)
doc["addid_at_front"] = N.song_id(a.addid(args.plain_uri, 0))
doc["playlistinfo"] = N.songs(a.playlistinfo())
doc["playlist"] = a.playlist()
doc["playlistinfo_range"] = N.songs(a.playlistinfo("2:4"))
doc["playlistid"] = N.songs(a.playlistid(a.playlistinfo(3)[0]["id"]))
doc["plchanges_since_empty"] = N.songs(a.plchanges(version_empty))
doc["plchangesposid_since_empty"] = [dict(c, id=N.song_id(c["id"])) for c in a.plchangesposid(version_empty)]
doc["status_stopped"] = N.status(a.status())
doc["currentsong_stopped"] = N.song(a.currentsong())
doc["drain_after_queue"] = drain(a)

# Player
a.play(1)
doc["status_playing"] = N.status(a.status())
doc["currentsong_playing"] = N.song(a.currentsong())
a.setvol(30)
a.next()
a.pause(1)
a.seekcur(10)
doc["status_paused_after_seekcur"] = N.status(a.status())
a.seek(4, 5)
doc["status_paused_after_seek"] = N.status(a.status())
doc["currentsong_after_seek"] = N.song(a.currentsong())
doc["drain_after_player"] = drain(a)

# Options
a.repeat(1)
a.single(1)
a.consume(1)
a.consume(0)
a.crossfade(2)
a.random(1)
status = N.status(a.status())
# With random on, the next song comes from each server's own RNG.
doc["status_random_on"] = {k: v for k, v in status.items() if k not in ("nextsong", "nextsongid")}
a.random(0)
a.single(0)
a.crossfade(0)
doc["status_options"] = N.status(a.status())
doc["drain_after_options"] = drain(a)

# Database
doc["find_artist"] = a.find("artist", args.artist)
doc["find_filter_expression"] = a.find('(Artist == "%s")' % args.artist)
doc["find_title_with_apostrophe"] = a.find("title", "Don't Stop")
doc["search_title_case_insensitive"] = a.search("title", "MID")
doc["search_any"] = a.search("any", "light")
doc["list_album"] = a.list("album")
doc["list_title_of_artist"] = a.list("title", "artist", args.artist)
doc["list_album_group_date"] = a.list("album", "group", "date")
doc["count_artist"] = a.count("artist", args.artist)
doc["count_group_artist"] = a.count("group", "artist")
doc["lsinfo_root"] = a.lsinfo()
doc["lsinfo_album"] = a.lsinfo(album1)
doc["listall"] = a.listall()
doc["listfiles_album"] = sorted(f["file"] for f in a.listfiles(album1) if "file" in f)
doc["tagtypes"] = a.tagtypes()
doc["commands"] = a.commands()
doc["notcommands"] = a.notcommands()
doc["outputs_enabled"] = sorted({o["outputenabled"] for o in a.outputs()})  # Prosync's outputs are its rooms
doc["stats"] = N.stats(a.stats())

# Pictures: the client loops over offsets until it has "size" bytes.
doc["albumart"] = mpdnorm.picture(a.albumart(args.art_uri))
doc["readpicture"] = mpdnorm.picture(a.readpicture(args.art_uri))
doc["binarylimit_4096"] = raw(a, "binarylimit", 4096)
doc["albumart_4096"] = mpdnorm.picture(a.albumart(args.art_uri))
doc["readpicture_4096"] = mpdnorm.picture(a.readpicture(args.art_uri))
doc["readpicture_without_picture"] = attempt(lambda: a.readpicture(args.plain_uri))
doc["albumart_without_cover"] = attempt(lambda: a.albumart(args.plain_uri))

# Idle
doc["drain_before_idle"] = drain(a)
doc["idle_options_changed_by_other_client"] = idle_triggered_by(a, ["options"], lambda: b.repeat(0))
doc["idle_all_mixer_changed_by_other_client"] = idle_triggered_by(a, [], lambda: b.setvol(55))
doc["idle_noidle_nothing_pending"] = drain(a)
doc["idle_interrupted_by_noidle"] = idle_interrupted_by_noidle(a)

# Update: the job id is a deterministic counter on a fresh server (startup update = 1).
doc["update_job"] = a.update()
deadline = time.time() + 10
while "updating_db" in a.status():
    if time.time() > deadline:
        raise RuntimeError("update did not finish")
    time.sleep(0.02)
doc["drain_after_update"] = drain(a)

# Command lists
a.command_list_ok_begin()
a.status()
a.currentsong()
a.playlistinfo(0)
a.ping()
status, current, first, pong = a.command_list_end()
doc["command_list_ok"] = [N.status(status), N.song(current), N.songs(first), pong]


def failing_list():
    a.command_list_ok_begin()
    a.ping()
    a.play(99)
    a.ping()
    return a.command_list_end()


doc["command_list_with_error"] = attempt(failing_list)
doc["ping_after_failed_list"] = a.ping()

# Errors keep the connection usable.
doc["error_bad_song_index"] = attempt(lambda: a.play(99))
doc["error_no_such_file"] = attempt(lambda: a.add("No Such Artist/nothing.flac"))
doc["error_bad_volume"] = attempt(lambda: a.setvol(200))
doc["error_unknown_filter"] = attempt(lambda: a.find("nosuchtag", "x"))
doc["error_unknown_command"] = attempt(lambda: raw(a, "frobnicate"))
doc["error_wrong_argument_count"] = attempt(lambda: raw(a, "status", "extra"))
doc["ping_after_errors"] = a.ping()

doc["status_final"] = N.status(a.status())
doc["playlistinfo_final"] = N.songs(a.playlistinfo())
a.close()
a.disconnect()
b.disconnect()
mpdnorm.emit(N, doc)
