#!/usr/bin/python3
"""Runs a program against emulated devices (umockdev) that a test drives while it runs.

    harness.py --control FIFO [--device FILE.umockdev]... [--ioctl DEV=FILE.ioctl]... -- PROGRAM ARGS...

umockdev-run replays a fixed script; a test of unplugging and live typing needs more, so this builds
the same test bed through umockdev's GObject API (UMockdev.Testbed), starts PROGRAM with umockdev's
LD_PRELOAD library and $UMOCKDEV_DIR (the program sees the emulated /sys and /dev), and then carries
out commands a test writes to the FIFO, one per line:

    write DEVNODE HEX          bytes into the node, as the kernel would deliver them (input_event
                               records for evdev, reports for hidraw)
    unplug DEVNODE             remove the device: its sysfs entry, its node and by-id link go, and
                               the node hangs up (a reader blocked on it sees POLLHUP and EIO; a real
                               evdev node gives ENODEV)
    plug FILE.umockdev         add a device (e.g. the same scanner back as another eventN)
    ioctl DEV FILE.ioctl       emulate DEV's ioctls from a recording

Each command is answered on stderr with "harness: ok COMMAND" (or "harness: error ..."). The harness
exits with the program's exit status when the program ends.
"""
import argparse
import os
import sys

import gi

gi.require_version("UMockdev", "1.0")
from gi.repository import GLib, UMockdev  # noqa: E402

PRELOAD = "libumockdev-preload.so.0"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--control", required=True)
    parser.add_argument("--device", action="append", default=[])
    parser.add_argument("--ioctl", action="append", default=[])
    parser.add_argument("program", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    program = args.program[1:] if args.program[:1] == ["--"] else args.program

    testbed = UMockdev.Testbed.new()
    syspaths = {}  # devnode -> syspath

    def plug(path):
        text = open(path).read()
        # udev removes a device's links on unplug; make sure no stale one is left before adding.
        for line in text.splitlines():
            if line.startswith("S: "):
                link = os.path.join(testbed.get_root_dir(), "dev", line[3:])
                if os.path.lexists(link):
                    os.unlink(link)
        if not testbed.add_from_string(text):
            raise RuntimeError("cannot add device from " + path)
        syspath = None
        for line in text.splitlines():
            if line.startswith("P: ") and syspath is None:
                syspath = "/sys" + line[3:]
            if line.startswith("N: "):
                syspaths["/dev/" + line[3:]] = syspath
                syspath = None
        return True

    for d in args.device:
        plug(d)
    for spec in args.ioctl:
        dev, path = spec.split("=", 1)
        testbed.load_ioctl(dev, path)

    if not os.path.exists(args.control):
        os.mkfifo(args.control)
    control = os.open(args.control, os.O_RDWR | os.O_NONBLOCK)

    env = dict(os.environ)
    env["UMOCKDEV_DIR"] = testbed.get_root_dir()
    env["LD_PRELOAD"] = PRELOAD + (":" + env["LD_PRELOAD"] if env.get("LD_PRELOAD") else "")
    pid, _, _, _ = GLib.spawn_async(program, envp=[f"{k}={v}" for k, v in env.items()],
                                    flags=GLib.SpawnFlags.DO_NOT_REAP_CHILD | GLib.SpawnFlags.SEARCH_PATH
                                    | GLib.SpawnFlags.CHILD_INHERITS_STDIN)
    loop = GLib.MainLoop()
    status = {"code": 1}

    def exited(_pid, wait_status):
        status["code"] = os.waitstatus_to_exitcode(wait_status) if hasattr(os, "waitstatus_to_exitcode") else wait_status
        loop.quit()

    GLib.child_watch_add(GLib.PRIORITY_DEFAULT, pid, exited)
    pending = {"text": ""}

    def command(line):
        words = line.split()
        if not words:
            return
        verb = words[0]
        if verb == "write":
            fd = testbed.get_dev_fd(words[1])
            data = bytes.fromhex(words[2])
            while data:
                data = data[os.write(fd, data):]
        elif verb == "unplug":
            node = words[1]
            fd = testbed.get_dev_fd(node)
            pty = os.readlink(os.path.join(testbed.get_root_dir(), node.lstrip("/")))
            testbed.remove_device(syspaths[node])
            os.close(fd)  # hang-up: what the reader of a removed device sees
            # The closed pseudo-terminal's number can come back for the next device: forget its mapping.
            stale = os.path.join(testbed.get_root_dir(), "dev", ".ptymap", pty.replace("/", "_"))
            if os.path.lexists(stale):
                os.unlink(stale)
        elif verb == "plug":
            plug(words[1])
        elif verb == "ioctl":
            testbed.load_ioctl(words[1], words[2])
        else:
            raise ValueError("unknown command " + verb)

    def readable(fd, _condition):
        try:
            chunk = os.read(fd, 65536).decode()
        except BlockingIOError:
            return True
        pending["text"] += chunk
        while "\n" in pending["text"]:
            line, pending["text"] = pending["text"].split("\n", 1)
            try:
                command(line)
                # One write per answer, so that it cannot interleave with the program's own output lines.
                sys.stderr.write("harness: ok " + line[:60] + "\n")
                sys.stderr.flush()
            except Exception as error:  # report and go on: the test decides
                sys.stderr.write(f"harness: error {line[:60]}: {error}\n")
                sys.stderr.flush()
        return True

    GLib.io_add_watch(control, GLib.IO_IN, readable)
    loop.run()
    sys.exit(status["code"])


if __name__ == "__main__":
    main()
