// Linux epoll for the load benchmark's client. Glibc's Swift module leaves <sys/epoll.h> out;
// these wrappers keep `struct epoll_event` (packed on x86-64) on the C side.
#include <sys/epoll.h>
#include <stdint.h>

static inline int advisor_epoll_create(void) {
    return epoll_create1(EPOLL_CLOEXEC);
}

/// Adds (`modify` 0) or changes (`modify` 1) the events `file` is watched for, reported with `token`.
static inline int advisor_epoll_watch(int epoll, int file, uint32_t token, uint32_t flags, int modify) {
    struct epoll_event event;
    event.events = flags;
    event.data.u64 = token;
    return epoll_ctl(epoll, modify ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, file, &event);
}

/// Waits for up to `capacity` events; the flags and tokens of the ready ones go to the two arrays.
static inline int advisor_epoll_wait(int epoll, uint32_t *flags, uint32_t *tokens, int capacity, int milliseconds) {
    struct epoll_event events[capacity > 0 ? capacity : 1];
    int count = epoll_wait(epoll, events, capacity, milliseconds);
    for (int index = 0; index < count; index++) {
        flags[index] = events[index].events;
        tokens[index] = (uint32_t)events[index].data.u64;
    }
    return count;
}
