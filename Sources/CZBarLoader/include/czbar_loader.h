// libzbar, loaded when a camera first needs it (dlopen), not at start-up.
//
// Linked as a DT_NEEDED library, libzbar brought seventeen more (X11, xcb, D-Bus, libsystemd, gcrypt,
// V4L, JPEG, ...) into every edgetraced, camera or not: about 1.8 MiB of its idle RSS. zbar_loader.c
// defines the libzbar functions EdgeTrace calls, each forwarding to libzbar.so.0 once loaded.
#ifndef CZBAR_LOADER_H
#define CZBAR_LOADER_H

// Loads libzbar.so.0 and looks up its functions, once (later calls return the first outcome).
// NULL when loaded; otherwise why not (dlerror's text), for an error message.
const char *czbar_load(void);

#endif
