package dev.kiln.bench;

/**
 * One row of the table: per-call times of Kiln, DL4J and the bare matrix products from the same
 * interleaved rounds, what one call allocates in each system (null where not measured), and the
 * case's products in FLOPs ({@link Flops}; NaN where the row is no computation, as start-up).
 */
record CaseResult(String name, Stats kiln, Stats dl4j, Stats dl4jOverKiln, Stats gemm, Stats kilnOverGemm,
                  AllocationCounter.PerStep kilnAllocations, AllocationCounter.PerStep dl4jAllocations, double flops) {

    static CaseResult of(String name, double[][] ms, AllocationCounter.PerStep kilnAllocations,
                         AllocationCounter.PerStep dl4jAllocations) {
        Stats gemm = ms.length > 2 ? Stats.of(ms[2]) : null;
        Stats kilnOverGemm = ms.length > 2 ? Stats.of(Interleaved.ratios(ms[0], ms[2])) : null;
        return new CaseResult(name, Stats.of(ms[0]), Stats.of(ms[1]), Stats.of(Interleaved.ratios(ms[1], ms[0])),
                gemm, kilnOverGemm, kilnAllocations, dl4jAllocations, Double.NaN);
    }

    /** This row with the case's FLOPs, from which the table derives its FMA-peak bound. */
    CaseResult withFlops(double caseFlops) {
        return new CaseResult(name, kiln, dl4j, dl4jOverKiln, gemm, kilnOverGemm, kilnAllocations, dl4jAllocations, caseFlops);
    }
}
