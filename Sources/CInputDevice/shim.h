// The parts of <linux/input.h> and <linux/hidraw.h> that Swift cannot import: the ioctl request
// numbers are function-like macros (_IOR/_IOW/_IOC), so each is wrapped in a static inline function.
// Plain constants (EV_KEY, BUS_USB, …) and structs (input_event, input_id, hidraw_devinfo,
// hidraw_report_descriptor) are imported from the headers as they are.
#ifndef EDGETRACE_CINPUTDEVICE_SHIM_H
#define EDGETRACE_CINPUTDEVICE_SHIM_H

#include <linux/input.h>
#include <linux/hidraw.h>

/// EVIOCGRAB: take (1) or release (0) exclusive access to an evdev device.
static inline unsigned long edgetrace_eviocgrab(void) { return EVIOCGRAB; }
/// EVIOCGNAME(len): the device name, at most len bytes.
static inline unsigned long edgetrace_eviocgname(unsigned int len) { return EVIOCGNAME(len); }
/// EVIOCGID: struct input_id (bus type, vendor, product, version).
static inline unsigned long edgetrace_eviocgid(void) { return EVIOCGID; }
/// EVIOCGBIT(ev, len): the event types (ev = 0) or the codes of type ev the device reports.
static inline unsigned long edgetrace_eviocgbit(unsigned int ev, unsigned int len) { return EVIOCGBIT(ev, len); }
/// HIDIOCGRDESCSIZE: the report descriptor's size (int).
static inline unsigned long edgetrace_hidiocgrdescsize(void) { return HIDIOCGRDESCSIZE; }
/// HIDIOCGRDESC: struct hidraw_report_descriptor, `size` filled in by the caller.
static inline unsigned long edgetrace_hidiocgrdesc(void) { return HIDIOCGRDESC; }
/// HIDIOCGRAWINFO: struct hidraw_devinfo (bus type, vendor, product).
static inline unsigned long edgetrace_hidiocgrawinfo(void) { return HIDIOCGRAWINFO; }
/// HIDIOCGRAWNAME(len): the device name, at most len bytes.
static inline unsigned long edgetrace_hidiocgrawname(unsigned int len) { return HIDIOCGRAWNAME(len); }

#endif
