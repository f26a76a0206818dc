// The raw C comparison for the camera benchmark: the same frames decoded by calling libzbar (and libdmtx)
// directly, with the same settings as EdgeTrace's wrappers, in a plain C loop.
#ifndef EDGETRACE_DECODELOOP_H
#define EDGETRACE_DECODELOOP_H

// Decodes `count` frames of `width` x `height` greyscale bytes `rounds` times with one zbar image scanner
// (all symbologies off, then EAN-13/8, UPC-A/E, I25, DataBar, DataBar Expanded, Codabar, Code 39/93/128
// and QR on, QR binary); copies each symbol's data, type, modifiers, quality and location out, as the
// Swift wrapper does. Returns the number of symbols found, or -1 on error.
long decodeloop_zbar(const unsigned char *const *frames, int count, int width, int height, int rounds);

// The same, then libdmtx on each frame (FNC1 as GS, `timeout_ms` per frame), as FrameDecoder does.
long decodeloop_zbar_dmtx(const unsigned char *const *frames, int count, int width, int height, int rounds, int timeout_ms);

#endif
