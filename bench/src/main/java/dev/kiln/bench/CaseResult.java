package dev.kiln.bench;

import java.util.List;

/**
 * One row of the table: per-call times of Kiln, DL4J and the bare matrix products from the same
 * interleaved rounds, what one call allocates in each system (null where not measured), and the
 * case's products in FLOPs ({@link Flops}; NaN where the row is no computation, as start-up), and
 * the peers timed in the same rounds (libtorch; none on rows that only pair Kiln with DL4J).
 */
record CaseResult(String name, Stats kiln, Stats dl4j, Stats dl4jOverKiln, Stats gemm, Stats kilnOverGemm,
                  AllocationCounter.PerStep kilnAllocations, AllocationCounter.PerStep dl4jAllocations, double flops,
                  List<PeerTime> peers) {

    /** A peer's per-call times and its per-round ratio to Kiln's. */
    record PeerTime(String system, Stats ms, Stats overKiln) {
        static PeerTime of(String system, double[] ms, double[] kilnMs) {
            return new PeerTime(system, Stats.of(ms), Stats.of(Interleaved.ratios(ms, kilnMs)));
        }
    }

    static CaseResult of(String name, double[][] ms, AllocationCounter.PerStep kilnAllocations,
                         AllocationCounter.PerStep dl4jAllocations) {
        Stats gemm = ms.length > 2 ? Stats.of(ms[2]) : null;
        Stats kilnOverGemm = ms.length > 2 ? Stats.of(Interleaved.ratios(ms[0], ms[2])) : null;
        return new CaseResult(name, Stats.of(ms[0]), Stats.of(ms[1]), Stats.of(Interleaved.ratios(ms[1], ms[0])),
                gemm, kilnOverGemm, kilnAllocations, dl4jAllocations, Double.NaN, List.of());
    }

    /** This row with the case's FLOPs, from which the table derives its FMA-peak bound. */
    CaseResult withFlops(double caseFlops) {
        return new CaseResult(name, kiln, dl4j, dl4jOverKiln, gemm, kilnOverGemm, kilnAllocations, dl4jAllocations, caseFlops, peers);
    }

    /** This row with the peers' times. */
    CaseResult withPeers(List<PeerTime> peerTimes) {
        return new CaseResult(name, kiln, dl4j, dl4jOverKiln, gemm, kilnOverGemm, kilnAllocations, dl4jAllocations, flops,
                List.copyOf(peerTimes));
    }
}
