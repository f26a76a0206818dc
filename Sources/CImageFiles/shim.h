// libpng's simplified API (Debian libpng-dev) and libjpeg-turbo's TurboJPEG API (libturbojpeg0-dev):
// both report errors through return values, never longjmp, so Swift can call them directly.
#include <png.h>
#include <turbojpeg.h>

// PNG_IMAGE_VERSION is a macro; the simplified API checks it.
static inline png_uint_32 cimagefiles_png_image_version(void) { return PNG_IMAGE_VERSION; }
