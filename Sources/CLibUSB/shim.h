#ifndef EDGETRACE_CLIBUSB_SHIM_H
#define EDGETRACE_CLIBUSB_SHIM_H
// libusb 1.0 (apt: libusb-1.0-0-dev). Included as <libusb-1.0/libusb.h> so that it works with or
// without pkg-config's include path.
#include <libusb-1.0/libusb.h>

// Swift cannot see the LIBUSB_CALL calling-convention macro's function types through some headers;
// these wrappers are what Swift needs that it cannot express directly.

/// The hotplug callback type as a plain C function pointer.
typedef int (*edgetrace_usb_hotplug_fn)(libusb_context *ctx, libusb_device *device, libusb_hotplug_event event, void *user_data);

static inline int edgetrace_usb_hotplug_register(libusb_context *ctx, int events, int vendor, int product,
                                                 edgetrace_usb_hotplug_fn fn, void *user_data,
                                                 libusb_hotplug_callback_handle *handle) {
    return libusb_hotplug_register_callback(ctx, (libusb_hotplug_event)events, (libusb_hotplug_flag)0, vendor, product,
                                            LIBUSB_HOTPLUG_MATCH_ANY, fn, user_data, handle);
}

#endif
