// jemalloc's start-up options for the firedrill binary, read through the global `malloc_conf`
// that jemalloc looks up when the process starts (the C library's malloc ignores it; the
// MALLOC_CONF environment variable still overrides it).
//
// thp:always backs jemalloc's memory with transparent huge pages: a run touches hundreds of
// megabytes to gigabytes of per-order arrays in no particular order, and with 4 KiB pages
// it spends a tenth of its time on page faults and TLB misses (measured in Benchmarks/README.md).
#include "allocator_tuning.h"

const char *malloc_conf = "thp:always,metadata_thp:auto";

const char *firedrill_malloc_conf(void) { return malloc_conf; }
