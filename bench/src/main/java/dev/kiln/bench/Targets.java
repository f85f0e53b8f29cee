package dev.kiln.bench;

import java.util.List;
import java.util.Locale;

/**
 * The targets, checked against the measured medians, for DL4J in its fastest configuration
 * and, where the table has one, DL4J as shipped (ND4J's default threads for the MLP, no oneDNN
 * helpers for the CNN). For each speed-up target against the fastest DL4J it also prints the bound
 * the products set: a ratio r needs Kiln at DL4J/r or less, which is out of reach where the step's
 * matrix products alone take longer than that.
 */
final class Targets {
    static final double TRAIN_SPEEDUP = 1.8;
    static final double TRAIN_OVER_GEMM = 1.5;
    static final double INFERENCE_SPEEDUP = 2.0;
    static final double CNN_SPEEDUP = 1.5;
    static final double PEER_SPEEDUP = 1.2;

    private Targets() {
    }

    static String report(List<CaseResult> rows) {
        StringBuilder out = new StringBuilder("targets:\n");
        for (CaseResult row : rows) {
            String name = row.name();
            if (name.startsWith("MLP train step")) {
                speedup(out, row, "DL4J (fastest layout)/Kiln", TRAIN_SPEEDUP);
                line(out, name + ": Kiln/GEMM <= " + TRAIN_OVER_GEMM, row.kilnOverGemm().median(), row.kilnOverGemm().median() <= TRAIN_OVER_GEMM);
            } else if (name.startsWith("MLP train, DL4J defaults")) {
                speedup(out, row, "DL4J/Kiln", TRAIN_SPEEDUP);
            } else if (name.startsWith("CNN train step") || name.startsWith("CNN inference")) {
                speedup(out, row, "DL4J (helpers on)/Kiln", CNN_SPEEDUP);
            } else if (name.startsWith("CNN") && name.endsWith("DL4J no helpers")) {
                speedup(out, row, "DL4J/Kiln", CNN_SPEEDUP);
            } else if (name.startsWith("inference, batch")) {
                speedup(out, row, "DL4J (fastest layout)/Kiln", INFERENCE_SPEEDUP);
            } else if (name.startsWith("inference") && name.endsWith("DL4J defaults")) {
                speedup(out, row, "DL4J/Kiln", INFERENCE_SPEEDUP);
            }
            if (!row.peers().isEmpty()) {
                fastestPeer(out, row);
            }
            if (row.kilnAllocations() != null && !name.contains("DL4J")) {
                line(out, name + ": Kiln new native arrays per call == 0", row.kilnAllocations().nativeArrays(),
                        row.kilnAllocations().nativeArrays() == 0);
            }
        }
        return out.toString();
    }

    private static void speedup(StringBuilder out, CaseResult row, String ratio, double target) {
        double measured = row.dl4jOverKiln().median();
        line(out, row.name() + ": " + ratio + " >= " + target, measured, measured >= target);
        if (measured < target && row.gemm() != null) {
            double needed = row.dl4j().median() / target;
            out.append(String.format(Locale.ROOT, "    %.2fx needs Kiln at %.3f ms or less; the plain products alone took %.3f ms%n",
                    target, needed, row.gemm().median()));
        }
    }

    /** Issue 17: Kiln at least {@value #PEER_SPEEDUP}x faster than the fastest system measured on the row (DL4J or a peer). */
    private static void fastestPeer(StringBuilder out, CaseResult row) {
        String fastest = "DL4J";
        double fastestMs = row.dl4j().median();
        double ratio = row.dl4jOverKiln().median(); // paired per round, as every ratio of the table
        for (CaseResult.PeerTime peer : row.peers()) {
            if (peer.ms().median() < fastestMs) {
                fastest = peer.system();
                fastestMs = peer.ms().median();
                ratio = peer.overKiln().median();
            }
        }
        line(out, row.name() + ": fastest other (" + fastest + ")/Kiln >= " + PEER_SPEEDUP, ratio, ratio >= PEER_SPEEDUP);
    }

    private static void line(StringBuilder out, String what, double value, boolean met) {
        out.append(String.format(Locale.ROOT, "  %-70s %8.2f  %s%n", what, value, met ? "met" : "NOT MET"));
    }
}
