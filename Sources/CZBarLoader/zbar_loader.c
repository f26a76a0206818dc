// The libzbar functions EdgeTrace calls, forwarding to libzbar.so.0 loaded on first use (czbar_loader.h says
// why). Each is declared by <zbar.h>, so a signature that drifts from the library's header does not compile;
// a function EdgeTrace starts to call and that is missing here does not link. The wrappers (ZBar) call
// czbar_load() before anything else and turn a failure into an error; a call without it that cannot load
// the library stops the process with the reason.
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zbar.h>

#include "czbar_loader.h"

// X(return type, name, parameters, arguments): functions that return a value; V(...): those that do not.
#define CZBAR_FUNCTIONS(X, V) \
    X(const char *, _zbar_error_string, (const void *object, int verbosity), (object, verbosity)) \
    X(zbar_error_t, _zbar_get_error_code, (const void *object), (object)) \
    X(const char *, zbar_get_symbol_name, (zbar_symbol_type_t sym), (sym)) \
    X(zbar_image_t *, zbar_image_convert, (const zbar_image_t *image, unsigned long format), (image, format)) \
    X(zbar_image_t *, zbar_image_create, (void), ()) \
    V(zbar_image_destroy, (zbar_image_t *image), (image)) \
    X(const zbar_symbol_t *, zbar_image_first_symbol, (const zbar_image_t *image), (image)) \
    X(const void *, zbar_image_get_data, (const zbar_image_t *image), (image)) \
    X(unsigned long, zbar_image_get_data_length, (const zbar_image_t *img), (img)) \
    X(unsigned long, zbar_image_get_format, (const zbar_image_t *image), (image)) \
    X(unsigned, zbar_image_get_height, (const zbar_image_t *image), (image)) \
    X(unsigned, zbar_image_get_width, (const zbar_image_t *image), (image)) \
    X(zbar_image_scanner_t *, zbar_image_scanner_create, (void), ()) \
    V(zbar_image_scanner_destroy, (zbar_image_scanner_t *scanner), (scanner)) \
    X(int, zbar_image_scanner_set_config, \
      (zbar_image_scanner_t *scanner, zbar_symbol_type_t symbology, zbar_config_t config, int value), \
      (scanner, symbology, config, value)) \
    V(zbar_image_set_data, \
      (zbar_image_t *image, const void *data, unsigned long data_byte_length, zbar_image_cleanup_handler_t *cleanup_hndlr), \
      (image, data, data_byte_length, cleanup_hndlr)) \
    V(zbar_image_set_format, (zbar_image_t *image, unsigned long format), (image, format)) \
    V(zbar_image_set_size, (zbar_image_t *image, unsigned width, unsigned height), (image, width, height)) \
    X(int, zbar_negotiate_format, (zbar_video_t *video, zbar_window_t *window), (video, window)) \
    X(int, zbar_scan_image, (zbar_image_scanner_t *scanner, zbar_image_t *image), (scanner, image)) \
    X(const char *, zbar_symbol_get_data, (const zbar_symbol_t *symbol), (symbol)) \
    X(unsigned int, zbar_symbol_get_data_length, (const zbar_symbol_t *symbol), (symbol)) \
    X(unsigned, zbar_symbol_get_loc_size, (const zbar_symbol_t *symbol), (symbol)) \
    X(int, zbar_symbol_get_loc_x, (const zbar_symbol_t *symbol, unsigned index), (symbol, index)) \
    X(int, zbar_symbol_get_loc_y, (const zbar_symbol_t *symbol, unsigned index), (symbol, index)) \
    X(unsigned int, zbar_symbol_get_modifiers, (const zbar_symbol_t *symbol), (symbol)) \
    X(int, zbar_symbol_get_quality, (const zbar_symbol_t *symbol), (symbol)) \
    X(zbar_symbol_type_t, zbar_symbol_get_type, (const zbar_symbol_t *symbol), (symbol)) \
    X(const zbar_symbol_t *, zbar_symbol_next, (const zbar_symbol_t *symbol), (symbol)) \
    X(zbar_video_t *, zbar_video_create, (void), ()) \
    V(zbar_video_destroy, (zbar_video_t *video), (video)) \
    X(int, zbar_video_enable, (zbar_video_t *video, int enable), (video, enable)) \
    X(int, zbar_video_get_fd, (const zbar_video_t *video), (video)) \
    X(int, zbar_video_get_height, (const zbar_video_t *video), (video)) \
    X(int, zbar_video_get_width, (const zbar_video_t *video), (video)) \
    X(int, zbar_video_init, (zbar_video_t *video, unsigned long format), (video, format)) \
    X(zbar_image_t *, zbar_video_next_image, (zbar_video_t *video), (video)) \
    X(int, zbar_video_open, (zbar_video_t *video, const char *device), (video, device)) \
    X(int, zbar_video_request_size, (zbar_video_t *video, unsigned width, unsigned height), (video, width, height))

static struct {
#define CZBAR_POINTER(ret, name, params, args) ret (*name) params;
#define CZBAR_VOID_POINTER(name, params, args) void (*name) params;
    CZBAR_FUNCTIONS(CZBAR_POINTER, CZBAR_VOID_POINTER)
} api;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static const char *failure;
static char failure_text[512];

static void fail(const char *what) {
    snprintf(failure_text, sizeof failure_text, "%s", what ? what : "unknown dlopen error");
    failure = failure_text;
}

static void load(void) {
    void *library = dlopen("libzbar.so.0", RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        fail(dlerror());
        return;
    }
#define CZBAR_LOOKUP(ret, name, params, args) \
    if (!(api.name = (ret (*) params)dlsym(library, #name))) { fail("libzbar.so.0 has no " #name); return; }
#define CZBAR_VOID_LOOKUP(name, params, args) \
    if (!(api.name = (void (*) params)dlsym(library, #name))) { fail("libzbar.so.0 has no " #name); return; }
    CZBAR_FUNCTIONS(CZBAR_LOOKUP, CZBAR_VOID_LOOKUP)
}

const char *czbar_load(void) {
    pthread_once(&once, load);
    return failure;
}

static void require(void) {
    const char *why = czbar_load();
    if (why) {
        fprintf(stderr, "libzbar cannot be loaded: %s (install libzbar0)\n", why);
        abort();
    }
}

#define CZBAR_FORWARD(ret, name, params, args) ret name params { require(); return api.name args; }
#define CZBAR_VOID_FORWARD(name, params, args) void name params { require(); api.name args; }
CZBAR_FUNCTIONS(CZBAR_FORWARD, CZBAR_VOID_FORWARD)
