// OpenBLAS (CBLAS) and LAPACKE, as packaged by Debian's libopenblas-dev and liblapacke-dev.
#include <cblas.h>
#include <lapacke.h>

// glibc's allocator settings (`AllocatorTuning`): blocks up to `mmapThreshold` bytes come from
// the heap instead of fresh mappings, freed memory up to `trimThreshold` bytes stays with the
// process, and the heap grows `topPad` bytes at a time. Returns 1 when glibc took all three, 0
// otherwise (and on other C libraries, where it does nothing).
#include <stdlib.h>
#if defined(__GLIBC__)
#include <malloc.h>
static inline int salience_tune_allocator(int mmapThreshold, int trimThreshold, int topPad) {
    return mallopt(M_MMAP_THRESHOLD, mmapThreshold) == 1 && mallopt(M_TRIM_THRESHOLD, trimThreshold) == 1
        && mallopt(M_TOP_PAD, topPad) == 1;
}
#else
static inline int salience_tune_allocator(int mmapThreshold, int trimThreshold, int topPad) {
    (void)mmapThreshold; (void)trimThreshold; (void)topPad;
    return 0;
}
#endif
