package dev.kiln.bench;

/**
 * One row of the table: per-call times of Kiln, DL4J and the bare matrix products from the same
 * interleaved rounds, and what one call allocates in each system (null where not measured).
 */
record CaseResult(String name, Stats kiln, Stats dl4j, Stats dl4jOverKiln, Stats gemm, Stats kilnOverGemm,
                  AllocationCounter.PerStep kilnAllocations, AllocationCounter.PerStep dl4jAllocations) {

    static CaseResult of(String name, double[][] ms, AllocationCounter.PerStep kilnAllocations,
                         AllocationCounter.PerStep dl4jAllocations) {
        Stats gemm = ms.length > 2 ? Stats.of(ms[2]) : null;
        Stats kilnOverGemm = ms.length > 2 ? Stats.of(Interleaved.ratios(ms[0], ms[2])) : null;
        return new CaseResult(name, Stats.of(ms[0]), Stats.of(ms[1]), Stats.of(Interleaved.ratios(ms[1], ms[0])),
                gemm, kilnOverGemm, kilnAllocations, dl4jAllocations);
    }
}
