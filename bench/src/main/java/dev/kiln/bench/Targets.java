package dev.kiln.bench;

import java.util.List;
import java.util.Locale;

/** The targets, checked against the measured medians. */
final class Targets {
    static final double TRAIN_SPEEDUP = 1.8;
    static final double TRAIN_OVER_GEMM = 1.5;
    static final double INFERENCE_SPEEDUP = 2.0;
    static final double CNN_SPEEDUP = 1.5;

    private Targets() {
    }

    static String report(List<CaseResult> rows) {
        StringBuilder out = new StringBuilder("targets:\n");
        for (CaseResult row : rows) {
            if (row.name().startsWith("MLP train")) {
                line(out, row.name() + ": DL4J/Kiln >= " + TRAIN_SPEEDUP, row.dl4jOverKiln().median(), row.dl4jOverKiln().median() >= TRAIN_SPEEDUP);
                line(out, row.name() + ": Kiln/GEMM <= " + TRAIN_OVER_GEMM, row.kilnOverGemm().median(), row.kilnOverGemm().median() <= TRAIN_OVER_GEMM);
            } else if (row.name().startsWith("CNN train step")) {
                line(out, row.name() + ": DL4J (helpers on)/Kiln >= " + CNN_SPEEDUP, row.dl4jOverKiln().median(),
                        row.dl4jOverKiln().median() >= CNN_SPEEDUP);
            } else if (row.name().startsWith("inference")) {
                line(out, row.name() + ": DL4J/Kiln >= " + INFERENCE_SPEEDUP, row.dl4jOverKiln().median(), row.dl4jOverKiln().median() >= INFERENCE_SPEEDUP);
            }
            if (row.kilnAllocations() != null) {
                line(out, row.name() + ": Kiln new native arrays per call == 0", row.kilnAllocations().nativeArrays(),
                        row.kilnAllocations().nativeArrays() == 0);
            }
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String what, double value, boolean met) {
        out.append(String.format(Locale.ROOT, "  %-62s %8.2f  %s%n", what, value, met ? "met" : "NOT MET"));
    }
}
