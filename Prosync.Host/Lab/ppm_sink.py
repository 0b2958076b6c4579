#!/usr/bin/python3
"""A PCM sink with a chosen clock rate, for MPD's `pipe` audio output (format 44100:16:2).

Models a sound card whose crystal runs at (1 + ppm/1e6) x nominal: it plays (drains) exactly
44100 * 4 * (1 + ppm/1e6) bytes per second of CLOCK_MONOTONIC time, in ticks of --tick-ms, paced against the
segment's start instant (the due byte count is computed from the clock at each tick, so sleep errors do not
accumulate). Its stdin pipe is shrunk to 4096 bytes (F_SETPIPE_SZ) and it holds at most --buffer bytes of its
own ("the device buffer"), so MPD cannot run far ahead.

Timing: the sink runs SCHED_FIFO (--rt-priority, default 10; 0 or no permission: an ordinary process, logged in
the `pipe` line as sched=...), as a card is paced by hardware: an ordinary process oversleeps on a loaded machine.

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
import fcntl
import os
import select
import sys
import time

F_SETPIPE_SZ = 1031
FRAME = 4


class Args:
    ppm = 0.0
    log = None
    tick_ms = 5.0
    buffer = 8192  # device buffer bytes (besides the 4096-byte pipe)
    pipe_size = 4096
    rt_priority = 10  # SCHED_FIFO priority; 0: stay an ordinary process


def parse_args(argv):
    """--ppm X --log PATH --tick-ms X --buffer N --pipe-size N --rt-priority N. Not argparse: importing it (re, enum) takes
    ~40 ms on a loaded machine, and MPD starts the sink on every play after a pause, so that is latency."""
    a = Args()
    types = {"ppm": float, "log": str, "tick-ms": float, "buffer": int, "pipe-size": int, "rt-priority": int}
    for i in range(0, len(argv), 2):
        name = argv[i][2:]
        if not argv[i].startswith("--") or name not in types or i + 1 >= len(argv):
            sys.exit(f"usage: ppm_sink.py [--ppm X] [--log PATH] [--tick-ms X] [--buffer N] [--pipe-size N] [--rt-priority N]: bad {argv[i]!r}")
        setattr(a, name.replace("-", "_"), types[name](argv[i + 1]))
    return a


def main():
    a = parse_args(sys.argv[1:])

    mono = time.monotonic_ns
    logf = open(a.log, "a", buffering=1) if a.log else sys.stderr

    def log(s):
        logf.write(s + "\n")

    rate = 44100 * FRAME * (1.0 + a.ppm / 1e6)  # bytes per second
    tick = int(a.tick_ms * 1e6)
    fd = sys.stdin.fileno()
    os.set_blocking(fd, False)
    log(f"start pid={os.getpid()} t={mono()} ppm={a.ppm}")
    # A sound card is paced by hardware; this sink by the scheduler. On a loaded machine an ordinary process
    # oversleeps its tick by tens of ms and "underruns" with MPD's data waiting in the pipe, and loses the race
    # below. Real-time priority (root, or CAP_SYS_NICE) keeps it on time; it sleeps nearly all the time.
    try:
        os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(a.rt_priority))
        sched = f"fifo:{a.rt_priority}"
    except (OSError, AttributeError) as e:
        sched = f"other ({e})"

    # MPD starts writing before we run, and a pipe cannot shrink below what it holds (EBUSY). MPD refills it as
    # soon as there is room, so empty it and shrink right away, retrying at once (no wait in between: every wait
    # lets MPD write up to the pipe's 64 KiB more, and reading until the shrink happens to succeed let MPD run
    # 69 s ahead after a resume on a loaded machine). What was read is kept (it is audio) and played: the
    # segment starts with that much extra latency, which MPD's elapsed shows until it has drained.
    buffered = 0
    chunk = bytearray(1 << 17)
    view = memoryview(chunk)
    shrunk = False
    select.select([fd], [], [])
    for attempt in range(10000):
        try:
            buffered += os.readv(fd, [view])
        except BlockingIOError:
            pass
        try:
            fcntl.fcntl(fd, F_SETPIPE_SZ, a.pipe_size)
            shrunk = True
            break
        except OSError:
            pass
    log(f"pipe size={fcntl.fcntl(fd, 1032)} attempts={attempt + 1} initial={buffered} shrunk={shrunk} sched={sched}")

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
