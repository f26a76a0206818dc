#!/usr/bin/python3
"""Writes the umockdev fixtures of the keyboard-wedge and HID POS tests (run it from this directory).

There is no scanner on a build machine to record with `umockdev-record`, so the descriptions are
written here from umockdev's formats (docs/script-format.txt; the .ioctl format is what
`umockdev-record --ioctl` writes: `NAME(nr offset) return-value hex-data`, sizes exactly as the
driver asks for them: EVIOCGNAME(256), EVIOCGID, EVIOCGBIT(0, 4); HIDIOCGRAWINFO,
HIDIOCGRAWNAME(256), HIDIOCGRDESCSIZE, HIDIOCGRDESC (struct hidraw_report_descriptor, 4100 bytes)).
"""
import struct

SCANNER_NAME = b"EdgeTrace Test Scanner Keyboard"
BY_ID = "input/by-id/usb-EdgeTrace_Test_Scanner_TS0001-event-kbd"


def event_node(n):
    """An evdev keyboard node eventN (major 13, minor 64+N) of a USB scanner, with its by-id link."""
    return f"""P: /devices/pci0000:00/0000:00:14.0/usb1/1-3/1-3:1.0/0003:0C2E:0B61.0001/input/input{n}/event{n}
N: input/event{n}
S: {BY_ID}
E: DEVLINKS=/dev/{BY_ID}
E: DEVNAME=/dev/input/event{n}
E: ID_BUS=usb
E: ID_INPUT=1
E: ID_INPUT_KEY=1
E: ID_INPUT_KEYBOARD=1
E: ID_MODEL_ID=0b61
E: ID_VENDOR_ID=0c2e
E: ID_SERIAL=EdgeTrace_Test_Scanner_TS0001
E: MAJOR=13
E: MINOR={64 + n}
E: SUBSYSTEM=input
A: dev=13:{64 + n}
L: device=../../input{n}

P: /devices/pci0000:00/0000:00:14.0/usb1/1-3/1-3:1.0/0003:0C2E:0B61.0001/input/input{n}
E: EV=120013
E: KEY=1000000000007 ff9f207ac14057ff febeffdfffefffff fffffffffffffffe
E: NAME="{SCANNER_NAME.decode()}"
E: PRODUCT=3/c2e/b61/111
E: SUBSYSTEM=input
A: name={SCANNER_NAME.decode()}
A: phys=usb-0000:00:14.0-3/input0
"""


def hexdata(b):
    return b.hex().upper()


def write(name, text):
    with open(name, "w") as f:
        f.write(text)


# --- keyboard wedge -------------------------------------------------------------------------
write("scanner-kbd.umockdev", event_node(5))
write("scanner-kbd-replugged.umockdev", event_node(6))
ev_bits = struct.pack("<I", (1 << 0) | (1 << 1) | (1 << 4) | (1 << 17) | (1 << 20))  # SYN KEY MSC LED REP
no_keys = struct.pack("<I", (1 << 0) | (1 << 2))  # SYN REL: a mouse
name = SCANNER_NAME.ljust(256, b"\0")
kbd = [
    f"EVIOCGNAME(0) {len(SCANNER_NAME) + 1} {hexdata(name)}",
    f"EVIOCGID 0 {hexdata(struct.pack('<HHHH', 3, 0x0C2E, 0x0B61, 0x0111))}",
    f"EVIOCGBIT(0) 4 {hexdata(ev_bits)}",
]
write("scanner-kbd.ioctl", "\n".join(kbd) + "\n")
mouse = kbd[:2] + [f"EVIOCGBIT(0) 4 {hexdata(no_keys)}"]
write("mouse.ioctl", "\n".join(mouse) + "\n")

# --- HID POS ---------------------------------------------------------------------------------
# A HID POS scanner's report descriptor, item by item (HID 1.11 §6.2.2; usages from the HID Usage
# Tables, Barcode Scanner page 0x8C): report ID 2, Byte Count, Symbology Identifier 1-3, 56 bytes
# of Decoded Data, one byte the descriptor marks constant, and Decoded Data Continued as bit 0 of
# the last byte, 7 bits of padding. 63 bytes with the ID.
HIDPOS_DESCRIPTOR = bytes([
    0x05, 0x8C, 0x09, 0x02, 0xA1, 0x01,        # Usage Page (Barcode Scanner), Usage (Barcode Scanner), Application
    0x85, 0x02, 0x09, 0x12, 0xA1, 0x02,        # Report ID 2, Usage (Scanned Data Report), Logical
    0x15, 0x00, 0x26, 0xFF, 0x00, 0x75, 0x08,  # Logical 0..255, Report Size 8
    0x95, 0x01, 0x05, 0x01, 0x09, 0x3B, 0x81, 0x02,              # 1 x Byte Count (Generic Desktop 0x3B), Input
    0x95, 0x03, 0x05, 0x8C, 0x09, 0xFB, 0x09, 0xFC, 0x09, 0xFD, 0x81, 0x02,  # Symbology Identifier 1, 2, 3
    0x95, 0x38, 0x09, 0xFE, 0x82, 0x02, 0x01,  # 56 x Decoded Data, Input (Buffered Bytes)
    0x95, 0x01, 0x81, 0x03,                    # 1 byte constant
    0x25, 0x01, 0x75, 0x01, 0x95, 0x01, 0x09, 0xFF, 0x81, 0x02,  # Decoded Data Continued, 1 bit
    0x75, 0x07, 0x81, 0x03,                    # padding
    0xC0, 0xC0,
])
# The boot keyboard descriptor (HID 1.11 appendix B.1): what a scanner in keyboard mode declares.
KEYBOARD_DESCRIPTOR = bytes([
    0x05, 0x01, 0x09, 0x06, 0xA1, 0x01, 0x05, 0x07, 0x19, 0xE0, 0x29, 0xE7, 0x15, 0x00, 0x25, 0x01,
    0x75, 0x01, 0x95, 0x08, 0x81, 0x02, 0x95, 0x01, 0x75, 0x08, 0x81, 0x01, 0x95, 0x05, 0x75, 0x01,
    0x05, 0x08, 0x19, 0x01, 0x29, 0x05, 0x91, 0x02, 0x95, 0x01, 0x75, 0x03, 0x91, 0x01, 0x95, 0x06,
    0x75, 0x08, 0x15, 0x00, 0x25, 0x65, 0x05, 0x07, 0x19, 0x00, 0x29, 0x65, 0x81, 0x00, 0xC0,
])


def hidraw_node(n):
    return f"""P: /devices/pci0000:00/0000:00:14.0/usb1/1-4/1-4:1.0/0003:0C2E:0B87.0002/hidraw/hidraw{n}
N: hidraw{n}
E: DEVNAME=/dev/hidraw{n}
E: MAJOR=240
E: MINOR={n}
E: SUBSYSTEM=hidraw
A: dev=240:{n}

P: /devices/pci0000:00/0000:00:14.0/usb1/1-4/1-4:1.0/0003:0C2E:0B87.0002
E: DRIVER=hid-generic
E: HID_ID=0003:00000C2E:00000B87
E: HID_NAME=EdgeTrace Test Scanner HID POS
E: SUBSYSTEM=hid
"""


def hidraw_ioctl(descriptor, name):
    body = struct.pack("<I", len(descriptor)) + descriptor.ljust(4096, b"\0")
    padded_name = name.ljust(256, b"\0")
    return "\n".join([
        f"HIDIOCGRAWINFO 0 {hexdata(struct.pack('<Ihh', 3, 0x0C2E, 0x0B87))}",
        f"HIDIOCGRAWNAME(0) {len(name) + 1} {hexdata(padded_name)}",
        f"HIDIOCGRDESCSIZE 0 {hexdata(struct.pack('<i', len(descriptor)))}",
        f"HIDIOCGRDESC 0 {hexdata(body)}",
    ]) + "\n"


write("hidpos.umockdev", hidraw_node(3))
write("hidpos.ioctl", hidraw_ioctl(HIDPOS_DESCRIPTOR, b"EdgeTrace Test Scanner HID POS"))
write("hid-keyboard.ioctl", hidraw_ioctl(KEYBOARD_DESCRIPTOR, b"EdgeTrace Test Scanner Keyboard"))

# --- an evemu recording of a US-layout scan ----------------------------------------------------
# `]C1` (GS1-128), (01) GTIN, (21) serial, FNC1 as Ctrl+], (10) lot, Enter; 2 ms per key event.
def us_keys(text):
    rows = [("1234567890", 2), ("qwertyuiop", 16), ("asdfghjkl", 30), ("zxcvbnm", 44)]
    for ch in text:
        if ch == "\x1d":
            yield (27, [29])
        elif ch == "\r":
            yield (28, [])
        elif ch == "]":
            yield (27, [])
        else:
            for row, first in rows:
                if ch.lower() in row:
                    yield (first + row.index(ch.lower()), [42] if ch.isupper() else [])


def evemu(text, device):
    lines = [f"# device {device}", "# EV_KEY presses and releases (type 0001), each followed by SYN_REPORT"]
    t = 0
    for code, mods in us_keys(text):
        for code_value in [(m, 1) for m in mods] + [(code, 1), (code, 0)] + [(m, 0) for m in reversed(mods)]:
            t += 2000
            lines.append(f"E: {t // 1000000}.{t % 1000000:06d} 0001 {code_value[0]:04x} {code_value[1]}")
            lines.append(f"E: {t // 1000000}.{t % 1000000:06d} 0000 0000 0")
    return "\n".join(lines) + "\n"


write("scan-us.evemu", evemu("]C1010690123456789221SN1\x1d10LOT1\r", "/dev/input/event5"))
