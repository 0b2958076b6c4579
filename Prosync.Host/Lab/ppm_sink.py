#!/usr/bin/python3
"""A PCM sink with a chosen clock rate, for MPD's `pipe` audio output (format 44100:16:2).

Models a sound card whose crystal runs at (1 + ppm/1e6) x nominal: it plays (drains) exactly
44100 * 4 * (1 + ppm/1e6) bytes per second of CLOCK_MONOTONIC time, in ticks of --tick-ms, paced against the
segment's start instant (the due byte count is computed from the clock at each tick, so sleep errors do not
accumulate). Its stdin pipe is shrunk to 4096 bytes (F_SETPIPE_SZ) and it holds at most --buffer bytes of its
own ("the device buffer"), so MPD cannot run far ahead.

Underrun: when the device buffer runs dry, the card plays silence (the clock keeps running); when data comes
back, playback restarts at that instant. The gap (instant the last byte before finished playing -> instant
the first byte after arrived) is logged. On EOF (MPD closed the output) the sink logs and exits at once,
dropping what it still holds (like a cancelled device).

Usage (mpd.conf; Prosync.Host.Lab.MpdProcess writes this for MpdProcessOptions.ClockPpm, PpmSink gives the command):
  audio_output { type "pipe" name "room" format "44100:16:2"
                 command "/usr/bin/python3 /path/ppm_sink.py --ppm 60 --log /tmp/room/sink.log" }
Log lines (times are CLOCK_MONOTONIC ns, same clock as .NET's Stopwatch on Linux):
  start pid=P t=T ppm=X          process started
  first t=T                      first byte arrived (playback segment starts)
  gap last=T1 first=T2 ms=D      underrun: silence from T1 to T2
  stat t=T played=N seg_t0=T0 seg_played=M   once a second
  eof t=T played=N dropped=K     MPD closed the pipe
"""
import argparse
import fcntl
import os
import select
import sys
import time

F_SETPIPE_SZ = 1031
FRAME = 4


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ppm", type=float, default=0.0)
    ap.add_argument("--log", default=None)
    ap.add_argument("--tick-ms", type=float, default=5.0)
    ap.add_argument("--buffer", type=int, default=8192, help="device buffer bytes (besides the 4096-byte pipe)")
    ap.add_argument("--pipe-size", type=int, default=4096)
    a = ap.parse_args()

    mono = time.monotonic_ns
    logf = open(a.log, "a", buffering=1) if a.log else sys.stderr

    def log(s):
        logf.write(s + "\n")

    rate = 44100 * FRAME * (1.0 + a.ppm / 1e6)  # bytes per second
    tick = int(a.tick_ms * 1e6)
    fd = sys.stdin.fileno()
    os.set_blocking(fd, False)
    log(f"start pid={os.getpid()} t={mono()} ppm={a.ppm}")
    # MPD starts writing before we run, and a pipe cannot shrink below its content (EBUSY). MPD refills the
    # pipe as soon as there is room, so empty it with ONE read and shrink right away, before the woken writer
    # refills it; retry while losing that race. Reading in a loop until the shrink succeeds would let MPD
    # stream ahead without bound (measured: 12 MB, 69 s of audio, after a resume). What was read is kept (it is
    # audio) and played: the segment starts with that much extra latency (at most the pipe's 64 KiB per try).
    buffered = 0
    chunk = bytearray(1 << 17)
    view = memoryview(chunk)
    shrunk = False
    select.select([fd], [], [])
    for attempt in range(1000):
        n = os.readv(fd, [view]) if select.select([fd], [], [], 0.1)[0] else 0
        try:
            fcntl.fcntl(fd, F_SETPIPE_SZ, a.pipe_size)
            shrunk = True
        except OSError:
            pass
        buffered += n
        if shrunk or n == 0:
            break
    log(f"pipe size={fcntl.fcntl(fd, 1032)} attempts={attempt + 1} initial={buffered} shrunk={shrunk}")

    # buffered: bytes held in the device buffer
    played = 0            # bytes played in total
    seg_t0 = None         # segment start (ns): playback of byte seg_played happens at seg_t0 + seg_played/rate
    seg_played = 0
    starving_since = None  # instant the last byte finished playing (ns), while starved
    eof = False
    next_stat = mono() + 1_000_000_000

    def read_some():
        nonlocal buffered, eof
        room = a.buffer - buffered
        while room > 0 and not eof:
            try:
                d = os.read(fd, room)
            except BlockingIOError:
                return
            if not d:
                eof = True
                return
            buffered += len(d)
            room -= len(d)

    read_some()
    now = mono()
    if eof and buffered == 0:
        log(f"eof t={now} played=0 dropped=0")
        return
    seg_t0 = now
    log(f"first t={now}")
    next_tick = now + tick
    while True:
        if starving_since is not None:
            # wait for data with a short timeout so the first byte after a gap is dated to ~0.1 ms
            r, _, _ = select.select([fd], [], [], 0.005)
            if r:
                read_some()
                now = mono()
                if buffered > 0:
                    log(f"gap last={starving_since} first={now} ms={(now - starving_since) / 1e6:.3f}")
                    starving_since = None
                    seg_t0 = now
                    seg_played = 0
                    next_tick = now + tick
                if eof:
                    log(f"eof t={now} played={played} dropped={buffered}")
                    return
            continue

        now = mono()
        if now < next_tick:
            time.sleep((next_tick - now) / 1e9)
        now = mono()
        next_tick += tick
        if next_tick < now:  # overslept by more than a tick: skip ticks, keep the grid
            next_tick = now + tick
        read_some()
        due = int((now - seg_t0) * rate / 1e9) // FRAME * FRAME - seg_played
        if due > 0:
            n = min(due, buffered)
            buffered -= n
            played += n
            seg_played += n
            if n < due:
                # ran dry: the last byte finished playing at seg_t0 + seg_played / rate
                starving_since = seg_t0 + int(seg_played / rate * 1e9)
                if eof:
                    log(f"eof t={now} played={played} dropped=0")
                    return
            read_some()
        if eof:
            log(f"eof t={now} played={played} dropped={buffered}")
            return
        if now >= next_stat:
            log(f"stat t={now} played={played} seg_t0={seg_t0} seg_played={seg_played}")
            next_stat += 1_000_000_000


if __name__ == "__main__":
    try:
        main()
    except (KeyboardInterrupt, BrokenPipeError):
        pass
