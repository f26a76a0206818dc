#!/usr/bin/python3
"""An emulated TEMPer USB sensor for libusb, answering usbfs ioctls dynamically (umockdev's
UMockdev.IoctlBase through GObject introspection), so that a program's real libusb code talks to it.

    temper.py --control FIFO --device FILE.umockdev --node /dev/bus/usb/001/005
              [--product TEXT] [--serial TEXT] [--firmware TEXT] [--report HEX] -- PROGRAM ARGS...

It answers what libusb does on Linux: GET_CAPABILITIES, CLAIM/RELEASEINTERFACE, GETDRIVER (no kernel
driver), RESET, SUBMITURB / REAPURBNDELAY / DISCARDURB for control transfers (SET_REPORT out;
GET_DESCRIPTOR in: string descriptors 0 = languages, 1 manufacturer, 2 product, 3 serial) and
interrupt IN on endpoint 0x82. After a SET_REPORT with the firmware query (01 86 ff 01 ...) the next
two interrupt reports carry the firmware name (16 bytes); after the data query (01 80 33 01 ...) the
next one carries the data report.

Commands on the FIFO, one per line (answered on stderr with "harness: ok ..."):

    report HEX            the data report from now on
    silent 1|0            stop / resume answering interrupt transfers (they time out)
    unplug                remove the device ("remove" uevent); its node fails with ENODEV
    plug FILE NODE        a device (again) at another node ("add" uevent), answered by the same emulator
"""
import argparse
import errno
import os
import struct
import sys

import gi

gi.require_version("UMockdev", "1.0")
from gi.repository import GLib, UMockdev  # noqa: E402

PRELOAD = "libumockdev-preload.so.0"


def _ioc(direction, nr, size):
    return (direction << 30) | (size << 16) | (ord("U") << 8) | nr


URB_SIZE = 56
SUBMITURB = _ioc(2, 10, URB_SIZE)
DISCARDURB = _ioc(0, 11, 0)
REAPURB = _ioc(1, 12, 8)
REAPURBNDELAY = _ioc(1, 13, 8)
GETDRIVER = _ioc(1, 8, 260)
CLAIMINTERFACE = _ioc(2, 15, 4)
RELEASEINTERFACE = _ioc(2, 16, 4)
IOCTL = _ioc(3, 18, 16)
RESET = _ioc(0, 20, 0)
CLEAR_HALT = _ioc(2, 21, 4)
GET_CAPABILITIES = _ioc(2, 26, 4)
SETCONFIGURATION = _ioc(2, 5, 4)

FIRMWARE_QUERY = bytes([0x01, 0x86, 0xFF, 0x01, 0, 0, 0, 0])
DATA_QUERY = bytes([0x01, 0x80, 0x33, 0x01, 0, 0, 0, 0])


def string_descriptor(text):
    body = text.encode("utf-16-le")
    return bytes([2 + len(body), 3]) + body


class Sensor:
    def __init__(self, args):
        self.strings = {1: "EdgeTrace Test", 2: args.product, 3: args.serial}
        # An empty --firmware: the device does not answer the firmware query (older set-report firmware).
        self.firmware = args.firmware.encode().ljust(16, b" ")[:16] if args.firmware else b""
        self.report = bytes.fromhex(args.report)
        self.silent = False
        self.gone = set()
        self.pending = []      # reports the next interrupt IN transfers return
        self.flying = []       # (urb, buffer, kind) submitted, not reaped
        self.done = []         # (urb, buffer, status, payload) ready to reap
        self.handler = UMockdev.IoctlBase()
        self.handler.connect("handle-ioctl", self.handle)

    def handle(self, _handler, client):
        request = client.get_request()
        arg = client.get_arg()
        if client.get_devnode() in self.gone:
            client.complete(-1, errno.ENODEV)
            return True
        if request == GET_CAPABILITIES:
            d = arg.resolve(0, 4)
            d.update(0, struct.pack("<I", 0x0F))
            client.complete(0, 0)
        elif request in (CLAIMINTERFACE, RELEASEINTERFACE, RESET, CLEAR_HALT, SETCONFIGURATION):
            client.complete(0, 0)
        elif request in (GETDRIVER, IOCTL):
            client.complete(-1, errno.ENODATA)
        elif request == SUBMITURB:
            self.submit(client, arg)
        elif request in (REAPURB, REAPURBNDELAY):
            self.reap(client, arg)
        elif request == DISCARDURB:
            address = struct.unpack_from("<Q", bytes(arg.retrieve()), 0)[0]
            for entry in self.flying:
                if entry[0].client_addr == address:
                    self.flying.remove(entry)
                    self.done.append((entry[0], entry[1], -errno.ENOENT, b""))
                    client.complete(0, 0)
                    return True
            client.complete(-1, errno.EINVAL)
        else:
            return False
        return True

    def submit(self, client, arg):
        urb = arg.resolve(0, URB_SIZE)
        raw = bytes(urb.retrieve())
        kind, endpoint = raw[0], raw[1]
        length = struct.unpack_from("<i", raw, 24)[0]
        buf = urb.resolve(16, length)
        data = bytes(buf.retrieve())
        if kind == 2:  # control: setup packet, then data
            request_type, request, value, index, wlength = struct.unpack_from("<BBHHH", data, 0)
            if request_type == 0x80 and request == 6 and value >> 8 == 3:
                i = value & 0xFF
                answer = bytes([4, 3, 0x09, 0x04]) if i == 0 else string_descriptor(self.strings.get(i) or "")
                self.done.append((urb, buf, 0, answer[:wlength]))
            elif request_type == 0x21 and request == 9:
                body = data[8:8 + wlength]
                if body == FIRMWARE_QUERY:
                    self.pending = [self.firmware[:8], self.firmware[8:]] if self.firmware else []
                elif body == DATA_QUERY:
                    self.pending = [self.report]
                self.done.append((urb, buf, 0, None, wlength))
            else:
                client.complete(-1, errno.EPIPE)
                return
        elif kind == 1 and endpoint == 0x82:
            self.flying.append((urb, buf, "in"))
            self.answer()
        else:
            client.complete(-1, errno.EINVAL)
            return
        client.complete(0, 0)

    def answer(self):
        while not self.silent and self.pending and self.flying:
            urb, buf, _ = self.flying.pop(0)
            self.done.append((urb, buf, 0, self.pending.pop(0)))

    def reap(self, client, arg):
        self.answer()
        if not self.done:
            client.complete(-1, errno.EAGAIN)
            return
        entry = self.done.pop(0)
        urb, buf, status, payload = entry[0], entry[1], entry[2], entry[3]
        raw = bytes(urb.retrieve())
        if raw[0] == 2:
            if payload is None:  # control OUT: all data sent
                actual = entry[4]
            else:
                buf.update(8, payload)
                actual = len(payload)
        else:
            if payload:
                buf.update(0, payload)
            actual = len(payload)
        urb.update(4, struct.pack("<i", status))
        urb.update(28, struct.pack("<i", actual))
        ptr = arg.resolve(0, 8)
        ptr.set_ptr(0, urb)
        client.complete(0, 0)


def main():
    # The test bed itself runs under umockdev's preload library: then its uevents (add when a device is
    # added, remove when it is removed) reach the program's udev monitor, which is how libusb's hotplug
    # callbacks learn of arrivals and departures. Without it libudev in this process cannot see the
    # emulated /sys and no uevent is sent.
    if PRELOAD not in os.environ.get("LD_PRELOAD", ""):
        env = dict(os.environ)
        env["LD_PRELOAD"] = PRELOAD + (":" + env["LD_PRELOAD"] if env.get("LD_PRELOAD") else "")
        os.execve(sys.executable, [sys.executable] + sys.argv, env)
    parser = argparse.ArgumentParser()
    parser.add_argument("--control", required=True)
    parser.add_argument("--device", required=True)
    parser.add_argument("--node", required=True)
    parser.add_argument("--product", default="TEMPerGold")
    parser.add_argument("--serial", default="")
    parser.add_argument("--firmware", default="TEMPerGold_V3.1")
    parser.add_argument("--report", default="808009c44e200000")
    parser.add_argument("program", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    program = args.program[1:] if args.program[:1] == ["--"] else args.program

    testbed = UMockdev.Testbed.new()
    sensor = Sensor(args)
    syspaths = {}

    def plug(path, node):
        text = open(path).read()
        testbed.attach_ioctl(node, sensor.handler)
        sensor.gone.discard(node)
        if not testbed.add_from_string(text):
            raise RuntimeError("cannot add device from " + path)
        for line in text.splitlines():
            if line.startswith("P: "):
                syspaths[node] = "/sys" + line[3:]

    plug(args.device, args.node)
    current = {"node": args.node}

    if not os.path.exists(args.control):
        os.mkfifo(args.control)
    control = os.open(args.control, os.O_RDWR | os.O_NONBLOCK)

    env = dict(os.environ)
    env["UMOCKDEV_DIR"] = testbed.get_root_dir()
    pid, _, _, _ = GLib.spawn_async(program, envp=[f"{k}={v}" for k, v in env.items()],
                                    flags=GLib.SpawnFlags.DO_NOT_REAP_CHILD | GLib.SpawnFlags.SEARCH_PATH
                                    | GLib.SpawnFlags.CHILD_INHERITS_STDIN)
    loop = GLib.MainLoop()
    status = {"code": 1}

    def exited(_pid, wait_status):
        status["code"] = os.waitstatus_to_exitcode(wait_status)
        loop.quit()

    GLib.child_watch_add(GLib.PRIORITY_DEFAULT, pid, exited)
    pending = {"text": ""}

    def command(line):
        words = line.split()
        if not words:
            return
        verb = words[0]
        if verb == "report":
            sensor.report = bytes.fromhex(words[1])
        elif verb == "silent":
            sensor.silent = words[1] == "1"
            sensor.answer()
        elif verb == "unplug":
            node = current["node"]
            sensor.gone.add(node)
            for urb, buf, _ in sensor.flying:
                sensor.done.append((urb, buf, -errno.ENODEV, b""))
            sensor.flying = []
            # umockdev < 0.18.4 (Debian 12 has 0.17.16) sends no "remove" uevent from remove_device(); newer
            # ones do, and libusb ignores the second departure of a device it no longer lists.
            testbed.uevent(syspaths[node], "remove")
            testbed.remove_device(syspaths[node])
        elif verb == "plug":
            plug(words[1], words[2])
            current["node"] = words[2]
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
