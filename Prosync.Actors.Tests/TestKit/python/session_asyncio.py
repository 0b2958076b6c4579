#!/usr/bin/python3
"""A python-mpd2 asyncio session (mpd.asyncio.MPDClient) against one MPD-speaking server.

Prints a JSON document of deterministic values (see mpdnorm.py). The asyncio
client differs from the synchronous one in ways a proxy must survive: it
enters "idle database" 0.1 s after every command and sends "noidle" right
before the next one, it pipelines commands issued concurrently, and its idle()
iterator re-issues idle with the subsystems its consumers want.
"""

import asyncio
import os

from mpd.asyncio import MPDClient
from mpd.base import CommandError

import mpdnorm

args = mpdnorm.parse_args(__doc__)
N = mpdnorm.Normaliser()
doc = {}


async def connect():
    client = MPDClient()
    await asyncio.wait_for(client.connect(args.host, args.port), 10)
    return client


async def attempt(coroutine):
    try:
        return {"ok": await coroutine}
    except CommandError as exc:
        return {"error": mpdnorm.error_text(exc)}


async def idle_triggered_by(client, subsystems, trigger):
    """The idle() iterator of client yields the change another connection makes."""
    iterator = client.idle(subsystems)
    first = asyncio.ensure_future(iterator.__anext__())
    await asyncio.sleep(args.settle)
    await trigger()
    try:
        return sorted(await asyncio.wait_for(first, 10))
    finally:
        await iterator.aclose()


async def session():
    a = await connect()
    b = await connect()
    album1 = os.path.dirname(args.art_uri)
    doc["hello"] = a.mpd_version

    # Queue
    await a.clear()
    doc["status_after_clear"] = N.status(await a.status())
    await a.add(album1)
    await a.findadd("album", args.album)
    doc["addid_at_front"] = N.song_id(await a.addid(args.plain_uri, 0))
    doc["playlistinfo"] = N.songs(await a.playlistinfo())

    # Pipelined: three commands written back to back, answers read in order.
    status, current, queue = await asyncio.gather(a.status(), a.currentsong(), a.playlist())
    doc["pipelined"] = [N.status(status), N.song(current), list(queue)]

    # Player
    await a.play(2)
    doc["status_playing"] = N.status(await a.status())
    doc["currentsong_playing"] = N.song(await a.currentsong())
    await a.setvol(40)
    await a.next()
    await a.pause(1)
    await a.seekcur(7)
    doc["status_paused_after_seekcur"] = N.status(await a.status())

    # Options
    await a.repeat(1)
    await a.random(1)
    status = N.status(await a.status())
    # With random on, the next song comes from each server's own RNG.
    doc["status_random_on"] = {k: v for k, v in status.items() if k not in ("nextsong", "nextsongid")}
    await a.random(0)
    doc["status_options"] = N.status(await a.status())

    # Database, through both the awaited and the async-iterator interfaces.
    doc["find_artist"] = await a.find("artist", args.artist)
    doc["search_title"] = await a.search("title", "dawn")
    doc["list_album"] = await a.list("album")
    doc["count_album"] = await a.count("album", args.album)
    doc["listallinfo_files"] = [s["file"] async for s in a.listallinfo() if "file" in s]
    doc["outputs_enabled"] = sorted({o["outputenabled"] for o in await a.outputs()})  # Prosync's outputs are its rooms
    doc["stats"] = N.stats(await a.stats())

    # Pictures: chunked in lockstep by the client.
    doc["albumart"] = mpdnorm.picture(await a.albumart(args.art_uri))
    doc["readpicture"] = mpdnorm.picture(await a.readpicture(args.art_uri))
    doc["readpicture_without_picture"] = await attempt(a.readpicture(args.plain_uri))

    # Errors
    doc["error_bad_song_index"] = await attempt(a.play(99))
    doc["error_no_such_file"] = await attempt(a.add("No Such Artist/nothing.flac"))
    doc["ping_after_errors"] = await a.ping()

    # idle() iterator: changes made by another connection.
    async def save():
        await b.save("prosync-session")

    doc["idle_stored_playlist_saved_by_other_client"] = await idle_triggered_by(a, ["stored_playlist"], save)
    doc["listplaylists"] = [p["playlist"] for p in await a.listplaylists()]
    doc["listplaylist"] = list(await a.listplaylist("prosync-session"))

    async def volume():
        await b.setvol(65)

    doc["idle_mixer_changed_by_other_client"] = await idle_triggered_by(a, ["mixer"], volume)
    await b.rm("prosync-session")

    doc["status_final"] = N.status(await a.status())
    doc["playlistinfo_final"] = N.songs(await a.playlistinfo())
    a.disconnect()
    b.disconnect()


asyncio.run(session())
mpdnorm.emit(N, doc)
