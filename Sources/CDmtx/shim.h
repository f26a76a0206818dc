// libdmtx (Debian libdmtx-dev): Data Matrix region finding and decoding.
#include <dmtx.h>

// DmtxUndefined is a macro (-1) that Swift does not import as a constant of the right type.
static inline int cdmtx_undefined(void) { return DmtxUndefined; }
