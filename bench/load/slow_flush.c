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

typedef int (*flush_function)(int);

static int flush_then_wait(flush_function *real, const char *name, int fd) {
    if (!*real) *real = (flush_function)dlsym(RTLD_NEXT, name);
    int done = (*real)(fd);
    wait_as_a_slower_disk();
    return done;
}

int fsync(int fd) {
    static flush_function real;
    return flush_then_wait(&real, "fsync", fd);
}

int fdatasync(int fd) {
    static flush_function real;
    return flush_then_wait(&real, "fdatasync", fd);
}
