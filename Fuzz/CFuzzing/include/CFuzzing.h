#ifndef SALIENCE_CFUZZING_H
#define SALIENCE_CFUZZING_H
#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver for programs with a main of their own (only linked with -sanitize=fuzzer).
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
