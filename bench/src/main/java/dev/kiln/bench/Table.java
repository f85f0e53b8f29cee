package dev.kiln.bench;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Locale;

/** Renders the results as the one plain-text table docs/performance.md shows. */
final class Table {
    static final String LEGEND = """
            ms: median over interleaved rounds [25th-75th percentile]; DL4J/Kiln: median of the per-round ratios.
            GEMM: the step's products alone, each one plain libnd4j matmul of the operands as stored, prepared once
            (training: 8 products, 3 forward, 3 weight gradients, 2 input gradients; inference: the 3 forward ones,
            matrix-vector at batch 1 as Kiln does them); none for the CNN. Kiln multiplies large layers' forward
            through a transposed copy of W, which oneDNN runs faster, so Kiln/GEMM can fall below 1. MLP rows: DL4J under the thread layout fastest for it; "DL4J defaults": under ND4J's
            default threads (both pools on every core), as DL4J runs unless told otherwise. CNN rows: DL4J with
            its oneDNN layer helpers turned on; "no helpers": DL4J as shipped.
            arrays/call: new native ND4J arrays per call; heap KB/call: Java heap allocated by the calling thread.
            Start-up: wall time from launching a fresh JVM to its first finished training step (batch 256).
            FMA bound: the case's matrix-product and convolution FLOPs at the FMA peak measured in this run
            (all cores); Kiln/bound: Kiln's median over it. At batch 1 memory, not the FMA units, limits.
            libtorch: libtorch 2.10.0 in its own JVM (intra-op threads on every core, one inter-op thread), timed
            inside its process in the same interleaved rounds; libtorch/Kiln: median of the per-round ratios.
            TF Java: TensorFlow Java 1.1.0 in its own JVM, graph mode, NHWC (intra-op threads on every core, one
            inter-op thread), timed the same way; TF oneDNN: the same with TF_ENABLE_ONEDNN_OPTS=1.""";

    private Table() {
    }

    static String render(List<CaseResult> rows, FmaPeak.Peak peak) {
        Set<String> peers = new LinkedHashSet<>();
        rows.forEach(row -> row.peers().forEach(p -> peers.add(p.system())));
        StringBuilder out = new StringBuilder();
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-28s | %-21s | %-21s | %-15s", "case",
                "Kiln ms [p25-p75]", "DL4J ms [p25-p75]", "DL4J/Kiln"));
        for (String peer : peers) {
            header.append(String.format(Locale.ROOT, " | %-21s | %-15s", peer + " ms [p25-p75]", peer + "/Kiln"));
        }
        header.append(String.format(Locale.ROOT, " | %-8s | %-9s | %-12s | %-10s | %-17s | %-17s", "GEMM ms", "Kiln/GEMM",
                "FMA bound ms", "Kiln/bound", "arrays/call K|D", "heap KB/call K|D"));
        out.append(header).append('\n').append("-".repeat(header.length())).append('\n');
        for (CaseResult row : rows) {
            boolean bounded = !Double.isNaN(row.flops());
            out.append(String.format(Locale.ROOT, "%-28s | %-21s | %-21s | %-15s", row.name(), time(row.kiln()), time(row.dl4j()),
                    ratio(row.dl4jOverKiln())));
            for (String peer : peers) {
                CaseResult.PeerTime t = row.peers().stream().filter(p -> p.system().equals(peer)).findFirst().orElse(null);
                out.append(String.format(Locale.ROOT, " | %-21s | %-15s", t == null ? "-" : time(t.ms()), t == null ? "-" : ratio(t.overKiln())));
            }
            out.append(String.format(Locale.ROOT, " | %-8s | %-9s | %-12s | %-10s | %-17s | %-17s",
                    row.gemm() == null ? "-" : String.format(Locale.ROOT, "%.2f", row.gemm().median()),
                    row.kilnOverGemm() == null ? "-" : String.format(Locale.ROOT, "%.2f", row.kilnOverGemm().median()),
                    bounded ? String.format(Locale.ROOT, "%.3f", peak.boundMs(row.flops())) : "-",
                    bounded ? String.format(Locale.ROOT, "%.2f", row.kiln().median() / peak.boundMs(row.flops())) : "-",
                    pair(row, true), pair(row, false))).append('\n');
        }
        return out.toString();
    }

    /** Views, op contexts and workspace growth per call, below the table. */
    static String allocationDetails(List<CaseResult> rows) {
        StringBuilder out = new StringBuilder();
        for (CaseResult row : rows) {
            if (row.kilnAllocations() == null) {
                continue;
            }
            out.append(String.format(Locale.ROOT, "  %-28s Kiln: %s%n  %-28s DL4J: %s%n", row.name(), detail(row.kilnAllocations()),
                    "", detail(row.dl4jAllocations())));
        }
        return out.toString();
    }

    private static String time(Stats s) {
        String p = s.median() < 10 ? "%.3f [%.3f-%.3f]" : "%.1f [%.1f-%.1f]";
        return String.format(Locale.ROOT, p, s.median(), s.p25(), s.p75());
    }

    private static String ratio(Stats s) {
        return String.format(Locale.ROOT, "%.2fx [%.2f-%.2f]", s.median(), s.p25(), s.p75());
    }

    private static String pair(CaseResult row, boolean arrays) {
        if (row.kilnAllocations() == null) {
            return "-";
        }
        return arrays
                ? String.format(Locale.ROOT, "%s | %s", number(row.kilnAllocations().nativeArrays()), number(row.dl4jAllocations().nativeArrays()))
                : String.format(Locale.ROOT, "%s | %s", number(row.kilnAllocations().heapBytes() / 1024), number(row.dl4jAllocations().heapBytes() / 1024));
    }

    private static String detail(AllocationCounter.PerStep a) {
        return String.format(Locale.ROOT,
                "%s new native arrays (%s bytes), %s views, %s workspace arrays, %s op contexts, %s heap bytes per call; workspace growth %d bytes%s",
                number(a.nativeArrays()), number(a.nativeBytes()), number(a.views()), number(a.workspaceArrays()),
                number(a.opContexts()), number(a.heapBytes()), a.workspaceGrowthBytes(), a.gcDuringBlock() ? " (a GC ran during the count: lower bound)" : "");
    }

    private static String number(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
