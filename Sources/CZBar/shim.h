// libzbar (Debian libzbar-dev): image scanner, symbols and the V4L2 video source. Not linked: CZBarLoader
// loads libzbar.so.0 when a camera first needs it.
#include <zbar.h>

// The fourcc of 8-bit greyscale ("Y800"): zbar_fourcc() is a macro Swift cannot call.
static inline unsigned long czbar_fourcc_y800(void) { return zbar_fourcc('Y', '8', '0', '0'); }
// The fourcc of 8-bit greyscale under its other name ("GREY").
static inline unsigned long czbar_fourcc_grey(void) { return zbar_fourcc('G', 'R', 'E', 'Y'); }
