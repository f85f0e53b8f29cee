package dev.kiln.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Two rows of the table from one interleaved measurement: Kiln against DL4J in its fastest
 * configuration, and the same Kiln timings against DL4J in a second one (as shipped: without its
 * oneDNN helpers for the CNN, under ND4J's default threads for the MLP). Pairing both DL4J
 * variants with the same Kiln rounds keeps the two ratios comparable.
 */
final class RowPair {
    private RowPair() {
    }

    /** What is timed: Kiln, DL4J twice, and optionally the bare products (null where there are none). */
    record Calls(Runnable kiln, Runnable dl4j, Runnable dl4jOther, Runnable gemm) {
    }

    /** The thread layout each runs under; the products run under Kiln's. */
    record Layouts(Threads kiln, Threads dl4j, Threads dl4jOther) {
    }

    /** Calls per block, unrecorded and recorded rounds, calls per allocation count. */
    record Schedule(int callsPerBlock, int warmupRounds, int rounds, int countedCalls) {
    }

    /** What the case is: the two rows' names and its products in FLOPs ({@link Flops}). */
    record Names(String name, String otherName, double flops) {
    }

    /** A peer's block of the case, timed in its own process. */
    record Peer(String system, Interleaved.Block block) {
    }

    /** Measures the case; the peers join the same rounds and appear on the first row. */
    static List<CaseResult> measure(Names names, Calls calls, Layouts threads, Schedule schedule,
                                    AllocationCounter allocations, List<Peer> peers) {
        List<Interleaved.Contender> contenders = new ArrayList<>(List.of(
                new Interleaved.Contender("kiln", calls.kiln(), threads.kiln()),
                new Interleaved.Contender("dl4j", calls.dl4j(), threads.dl4j()),
                new Interleaved.Contender("dl4j-other", calls.dl4jOther(), threads.dl4jOther())));
        if (calls.gemm() != null) {
            contenders.add(new Interleaved.Contender("gemm", calls.gemm(), threads.kiln()));
        }
        int firstPeer = contenders.size();
        for (Peer peer : peers) {
            contenders.add(Interleaved.Contender.peer(peer.system(), peer.block()));
        }
        double[][] ms = Interleaved.measure(contenders, schedule.callsPerBlock(), schedule.warmupRounds(), schedule.rounds());
        double[][] first = calls.gemm() == null ? new double[][]{ms[0], ms[1]} : new double[][]{ms[0], ms[1], ms[3]};
        int counted = schedule.countedCalls();
        AllocationCounter.PerStep kiln = allocations.measure(calls.kiln(), counted, threads.kiln());
        List<CaseResult.PeerTime> peerTimes = new ArrayList<>();
        for (int i = 0; i < peers.size(); i++) {
            peerTimes.add(CaseResult.PeerTime.of(peers.get(i).system(), ms[firstPeer + i], ms[0]));
        }
        return List.of(
                CaseResult.of(names.name(), first, kiln, allocations.measure(calls.dl4j(), counted, threads.dl4j()))
                        .withFlops(names.flops()).withPeers(peerTimes),
                CaseResult.of(names.otherName(), new double[][]{ms[0], ms[2]}, kiln,
                        allocations.measure(calls.dl4jOther(), counted, threads.dl4jOther())).withFlops(names.flops()));
    }
}
