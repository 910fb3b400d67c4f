#ifndef FIREDRILL_ALLOCATOR_TUNING_H
#define FIREDRILL_ALLOCATOR_TUNING_H

/// The options the firedrill binary hands jemalloc at start-up.
const char *firedrill_malloc_conf(void);

#endif
