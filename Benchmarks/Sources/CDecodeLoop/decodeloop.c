#include "decodeloop.h"

#include <dmtx.h>
#include <stdlib.h>
#include <string.h>
#include <zbar.h>

static zbar_image_scanner_t *make_scanner(void) {
    static const zbar_symbol_type_t enabled[] = {
        ZBAR_EAN13, ZBAR_EAN8, ZBAR_UPCA, ZBAR_UPCE, ZBAR_I25, ZBAR_DATABAR, ZBAR_DATABAR_EXP,
        ZBAR_CODABAR, ZBAR_CODE39, ZBAR_CODE93, ZBAR_CODE128, ZBAR_QRCODE,
    };
    zbar_image_scanner_t *scanner = zbar_image_scanner_create();
    if (!scanner) return NULL;
    zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
    for (size_t i = 0; i < sizeof enabled / sizeof enabled[0]; i++)
        zbar_image_scanner_set_config(scanner, enabled[i], ZBAR_CFG_ENABLE, 1);
    zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_BINARY, 1);
    return scanner;
}

// One frame through zbar; symbol data copied out like the wrapper does. Returns symbols found.
static long scan_zbar(zbar_image_scanner_t *scanner, const unsigned char *pixels, int width, int height) {
    zbar_image_t *image = zbar_image_create();
    if (!image) return -1;
    zbar_image_set_format(image, zbar_fourcc('Y', '8', '0', '0'));
    zbar_image_set_size(image, (unsigned)width, (unsigned)height);
    zbar_image_set_data(image, pixels, (unsigned long)width * height, NULL);
    long found = 0;
    if (zbar_scan_image(scanner, image) > 0) {
        for (const zbar_symbol_t *s = zbar_image_first_symbol(image); s; s = zbar_symbol_next(s)) {
            unsigned length = zbar_symbol_get_data_length(s);
            unsigned char *copy = malloc(length + 1);
            memcpy(copy, zbar_symbol_get_data(s), length);
            volatile unsigned sink = zbar_symbol_get_type(s) + zbar_symbol_get_modifiers(s) + (unsigned)zbar_symbol_get_quality(s);
            unsigned points = zbar_symbol_get_loc_size(s);
            for (unsigned p = 0; p < points; p++) sink += (unsigned)(zbar_symbol_get_loc_x(s, p) + zbar_symbol_get_loc_y(s, p));
            (void)sink;
            free(copy);
            found++;
        }
    }
    zbar_image_set_data(image, NULL, 0, NULL);
    zbar_image_destroy(image);
    return found;
}

static long scan_dmtx(const unsigned char *pixels, int width, int height, int timeout_ms) {
    DmtxImage *image = dmtxImageCreate((unsigned char *)pixels, width, height, DmtxPack8bppK);
    if (!image) return -1;
    DmtxDecode *dec = dmtxDecodeCreate(image, 1);
    if (!dec) { dmtxImageDestroy(&image); return -1; }
    dmtxDecodeSetProp(dec, DmtxPropFnc1, 0x1D);
    DmtxTime deadline = dmtxTimeAdd(dmtxTimeNow(), timeout_ms);
    long found = 0;
    DmtxRegion *region;
    while (found < 8 && (region = dmtxRegionFindNext(dec, &deadline)) != NULL) {
        DmtxMessage *message = dmtxDecodeMatrixRegion(dec, region, DmtxUndefined);
        if (message) {
            unsigned char *copy = malloc((size_t)message->outputIdx + 1);
            memcpy(copy, message->output, (size_t)message->outputIdx);
            free(copy);
            found++;
            dmtxMessageDestroy(&message);
        }
        dmtxRegionDestroy(&region);
    }
    dmtxDecodeDestroy(&dec);
    dmtxImageDestroy(&image);
    return found;
}

long decodeloop_zbar(const unsigned char *const *frames, int count, int width, int height, int rounds) {
    zbar_image_scanner_t *scanner = make_scanner();
    if (!scanner) return -1;
    long found = 0;
    for (int r = 0; r < rounds; r++)
        for (int i = 0; i < count; i++) found += scan_zbar(scanner, frames[i], width, height);
    zbar_image_scanner_destroy(scanner);
    return found;
}

long decodeloop_zbar_dmtx(const unsigned char *const *frames, int count, int width, int height, int rounds, int timeout_ms) {
    zbar_image_scanner_t *scanner = make_scanner();
    if (!scanner) return -1;
    long found = 0;
    for (int r = 0; r < rounds; r++)
        for (int i = 0; i < count; i++) {
            found += scan_zbar(scanner, frames[i], width, height);
            found += scan_dmtx(frames[i], width, height, timeout_ms);
        }
    zbar_image_scanner_destroy(scanner);
    return found;
}
