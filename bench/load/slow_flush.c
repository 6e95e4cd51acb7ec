/* Preloaded by `python -m bench.load --flush-ms MS` (bench/load/slow_flush.py): every fsync and fdatasync of the
   process takes BENCH_FLUSH_US microseconds longer, as on a disk slower to flush than this machine's. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <time.h>

static void wait_as_a_slower_disk(void) {
    const char *text = getenv("BENCH_FLUSH_US");
    long micros = text ? atol(text) : 0;
    if (micros > 0) {
        struct timespec pause = {micros / 1000000, (micros % 1000000) * 1000};
        nanosleep(&pause, NULL);
    }
}

int fsync(int fd) {
    static int (*real)(int);
    if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
    int done = real(fd);
    wait_as_a_slower_disk();
    return done;
}

int fdatasync(int fd) {
    static int (*real)(int);
    if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
    int done = real(fd);
    wait_as_a_slower_disk();
    return done;
}
