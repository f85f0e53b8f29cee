/*
 * The machine's peak single-precision multiply-add rate, for docs/performance.md: how fast the
 * benchmark MLP's products could possibly run here. Each thread runs independent chains of 16-wide
 * fused multiply-adds (enough chains to hide the instruction's latency), so the loop is bound by
 * the FMA units' throughput alone. Not part of the build.
 *
 *   gcc -O3 -march=native -pthread bench/native/fma_peak.c -o /tmp/fma-peak && /tmp/fma-peak 2
 */
#include <immintrin.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define CHAINS 12
#define ITERATIONS 200000000L

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static void *multiply_add(void *result) {
    __m512 acc[CHAINS];
    const __m512 factor = _mm512_set1_ps(1.0000001f), term = _mm512_set1_ps(1e-7f);
    for (int i = 0; i < CHAINS; i++) {
        acc[i] = _mm512_set1_ps((float) i);
    }
    for (long k = 0; k < ITERATIONS; k++) {
        for (int i = 0; i < CHAINS; i++) {
            acc[i] = _mm512_fmadd_ps(acc[i], factor, term);
        }
    }
    float sum = 0; /* used, so the compiler keeps the loop */
    for (int i = 0; i < CHAINS; i++) {
        sum += _mm512_reduce_add_ps(acc[i]);
    }
    *(float *) result = sum;
    return NULL;
}

int main(int argc, char **argv) {
    int threads = argc > 1 ? atoi(argv[1]) : 1;
    if (threads < 1 || threads > 64) {
        fprintf(stderr, "usage: fma-peak [threads 1-64]\n");
        return 2;
    }
    pthread_t workers[64];
    float results[64];
    double start = seconds();
    for (int t = 0; t < threads; t++) {
        pthread_create(&workers[t], NULL, multiply_add, &results[t]);
    }
    for (int t = 0; t < threads; t++) {
        pthread_join(workers[t], NULL);
    }
    double elapsed = seconds() - start;
    double flops = 2.0 * 16 * CHAINS * ITERATIONS * threads;
    printf("%d thread(s): %.1f GFLOP/s single precision (%.2f s)\n", threads, flops / elapsed / 1e9, elapsed);
    return 0;
}
