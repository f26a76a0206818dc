// libnfc 1.8 (Debian libnfc-dev): contexts, devices (PN532 over UART, ACR122, PN533 USB, ...), targets.
#include <nfc/nfc.h>
#include <string.h>

// nfc_connstring is a char[1024]: Swift sees a tuple. These copy it to and from C strings.
static inline void cnfc_connstring_set(nfc_connstring *out, const char *text) {
    strncpy(*out, text, sizeof(nfc_connstring) - 1);
    (*out)[sizeof(nfc_connstring) - 1] = 0;
}
static inline const char *cnfc_connstring_get(const nfc_connstring *in) { return *in; }
