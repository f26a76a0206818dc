#!/usr/bin/python3
"""Writes the umockdev fixtures of the TEMPer (libusb) tests (run it from this directory).

No sensor is attached to a build machine, so the descriptions are written from the formats:
sysfs attributes as libusb's Linux backend reads them (busnum, devnum, speed, bConfigurationValue and
the `descriptors` blob: device descriptor + configuration descriptor), and usbfs URBs in umockdev's
.ioctl format (`USBDEVFS_REAPURBNDELAY 0 type endpoint status flags buffer_length actual_length
error_count hex`; a control URB's buffer is the 8-byte setup packet followed by its data; an input URB
is a child (indented) of the request it answers).

A TEMPer has two HID interfaces: 0 (keyboard, EP 0x81) and 1 (the sensor, interrupt IN EP 0x82).
"""


def device_descriptor(vid, pid, strings):
    i_manufacturer, i_product, i_serial = (1, 2, 3) if strings else (0, 0, 0)
    return bytes([0x12, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x08, vid & 0xFF, vid >> 8, pid & 0xFF, pid >> 8,
                  0x01, 0x00, i_manufacturer, i_product, i_serial, 0x01])


CONFIG = bytes([
    0x09, 0x02, 0x3B, 0x00, 0x02, 0x01, 0x00, 0x80, 0x32,           # configuration: 59 bytes, 2 interfaces
    0x09, 0x04, 0x00, 0x00, 0x01, 0x03, 0x01, 0x01, 0x00,           # interface 0: HID boot keyboard
    0x09, 0x21, 0x10, 0x01, 0x00, 0x01, 0x22, 0x41, 0x00,           # HID descriptor
    0x07, 0x05, 0x81, 0x03, 0x08, 0x00, 0x0A,                       # EP 0x81 interrupt IN, 8 bytes
    0x09, 0x04, 0x01, 0x00, 0x01, 0x03, 0x00, 0x00, 0x00,           # interface 1: HID (the sensor)
    0x09, 0x21, 0x10, 0x01, 0x00, 0x01, 0x22, 0x29, 0x00,           # HID descriptor
    0x07, 0x05, 0x82, 0x03, 0x08, 0x00, 0x0A,                       # EP 0x82 interrupt IN, 8 bytes
])

ROOT_HUB = """P: /devices/pci0000:00/0000:00:14.0/usb1
N: bus/usb/001/001
E: SUBSYSTEM=usb
E: DEVTYPE=usb_device
E: DRIVER=usb
E: BUSNUM=001
E: DEVNUM=001
E: DEVNAME=/dev/bus/usb/001/001
A: busnum=1\\n
A: devnum=1\\n
A: speed=480\\n
A: bConfigurationValue=1\\n
H: descriptors=12010002090001406B1D020006060302010109021900010100E0000904000001090000000705810304000C

"""


def sensor(port, devnum, vid, pid, strings, product=None):
    lines = [f"P: /devices/pci0000:00/0000:00:14.0/usb1/1-{port}", f"N: bus/usb/001/{devnum:03d}",
             "E: SUBSYSTEM=usb", "E: DEVTYPE=usb_device", "E: DRIVER=usb", "E: BUSNUM=001", f"E: DEVNUM={devnum:03d}",
             f"E: DEVNAME=/dev/bus/usb/001/{devnum:03d}", f"E: PRODUCT={vid:x}/{pid:x}/1",
             "A: busnum=1\\n", f"A: devnum={devnum}\\n", "A: speed=12\\n", "A: bConfigurationValue=1\\n",
             "A: bNumInterfaces= 2\\n", f"A: idVendor={vid:04x}\\n", f"A: idProduct={pid:04x}\\n"]
    if product:
        lines.append(f"A: product={product}\\n")
    lines.append("H: descriptors=" + (device_descriptor(vid, pid, strings) + CONFIG).hex().upper())
    return "\n".join(lines) + "\n"


def write(name, text):
    with open(name, "w") as f:
        f.write(text)


# 0c45:7401 TEMPer1 without string descriptors (identity: port 1-4), replayed statically.
write("temper1-0c45-7401.umockdev", ROOT_HUB + sensor(4, 4, 0x0C45, 0x7401, False))
SET_REPORT = bytes([0x21, 0x09, 0x00, 0x02, 0x01, 0x00, 0x08, 0x00])      # SET_REPORT output 0, interface 1, 8 bytes
DATA_QUERY = bytes([0x01, 0x80, 0x33, 0x01, 0x00, 0x00, 0x00, 0x00])
REPORT = bytes([0x80, 0x02, 0xFB, 0x80, 0x00, 0x00, 0x00, 0x00])          # FM75: 0xFB80 / 256 = -4.5 °C
write("temper1-0c45-7401.ioctl",
      "USBDEVFS_GET_CAPABILITIES 0 0F000000\n"
      f"USBDEVFS_REAPURBNDELAY 0 2 0 0 0 16 8 0 {(SET_REPORT + DATA_QUERY).hex().upper()}\n"
      f" USBDEVFS_REAPURBNDELAY 0 1 130 0 0 8 8 0 {REPORT.hex().upper()}\n")

# Devices answered by temper.py (dynamic: string descriptors are control-IN transfers).
write("tempergold-413d-2107.umockdev", ROOT_HUB + sensor(2, 5, 0x413D, 0x2107, True, "TEMPerGold"))
write("tempergold-413d-2107-replugged.umockdev", sensor(2, 6, 0x413D, 0x2107, True, "TEMPerGold"))
write("temperhum-1a86-e025.umockdev", ROOT_HUB + sensor(3, 7, 0x1A86, 0xE025, True, "TEMPer1F_H1_V1.4"))
