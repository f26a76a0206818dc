/*
 * clockshim: an LD_PRELOAD library for tests that gives a process a wall clock of the test's choosing.
 *
 * The file named by EDGETRACE_CLOCKSHIM_FILE holds "OFFSET_SECONDS SYNCED" (e.g. "-631152000 0"); it is
 * read again on every call, so a test can move the clock or mark it synchronised while the process runs.
 *   - CLOCK_REALTIME(_COARSE) from clock_gettime, gettimeofday and time are shifted by OFFSET_SECONDS;
 *     CLOCK_MONOTONIC and CLOCK_BOOTTIME are not touched (boot time is the truth events are corrected from);
 *   - adjtimex(2) answers TIME_ERROR (unsynchronised) when SYNCED is 0, TIME_OK otherwise.
 * Without the variable, or with an unreadable file, everything passes through unchanged.
 * Built by the clock test with `cc -shared -fPIC -o clockshim.so clockshim.c -ldl`. Test code only.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/timex.h>
#include <time.h>
#include <unistd.h>

static int read_state(long long *offset, int *synced) {
    const char *path = getenv("EDGETRACE_CLOCKSHIM_FILE");
    if (!path) return 0;
    int fd = (int)syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    char buf[64];
    long n = syscall(SYS_read, fd, buf, sizeof buf - 1);
    syscall(SYS_close, fd);
    if (n <= 0) return 0;
    buf[n] = 0;
    return sscanf(buf, "%lld %d", offset, synced) == 2;
}

int clock_gettime(clockid_t id, struct timespec *ts) {
    static int (*real)(clockid_t, struct timespec *);
    if (!real) real = (int (*)(clockid_t, struct timespec *))dlsym(RTLD_NEXT, "clock_gettime");
    int r = real(id, ts);
    long long offset; int synced;
    if (r == 0 && (id == CLOCK_REALTIME || id == CLOCK_REALTIME_COARSE) && read_state(&offset, &synced))
        ts->tv_sec += offset;
    return r;
}

int gettimeofday(struct timeval *restrict tv, void *restrict tz) {
    static int (*real)(struct timeval *, void *);
    if (!real) real = (int (*)(struct timeval *, void *))dlsym(RTLD_NEXT, "gettimeofday");
    int r = real(tv, tz);
    long long offset; int synced;
    if (r == 0 && read_state(&offset, &synced)) tv->tv_sec += offset;
    return r;
}

time_t time(time_t *out) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    if (out) *out = ts.tv_sec;
    return ts.tv_sec;
}

int adjtimex(struct timex *buf) {
    static int (*real)(struct timex *);
    if (!real) real = (int (*)(struct timex *))dlsym(RTLD_NEXT, "adjtimex");
    long long offset; int synced;
    if (read_state(&offset, &synced)) return synced ? TIME_OK : TIME_ERROR;
    return real(buf);
}
