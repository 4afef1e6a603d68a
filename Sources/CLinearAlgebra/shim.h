// OpenBLAS (CBLAS) and LAPACKE, as packaged by Debian's libopenblas-dev and liblapacke-dev.
#include <cblas.h>
#include <lapacke.h>
