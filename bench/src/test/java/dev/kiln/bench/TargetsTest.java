package dev.kiln.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TargetsTest {

    /** Three rounds with constant times: Kiln, DL4J and (optionally) the products alone. */
    private static CaseResult row(String name, double kiln, double dl4j, Double gemm) {
        double[] k = {kiln, kiln, kiln};
        double[] d = {dl4j, dl4j, dl4j};
        double[][] ms = gemm == null ? new double[][]{k, d} : new double[][]{k, d, {gemm, gemm, gemm}};
        return CaseResult.of(name, ms, null, null);
    }

    @Test
    void aMissNamesTheTimeNeededAndThePlainProducts() {
        String report = Targets.report(List.of(row("inference, batch 256", 5.5, 8.0, 4.9)));
        assertTrue(report.contains("inference, batch 256: DL4J (fastest layout)/Kiln >= 2.0"), report);
        assertTrue(report.contains("1.45  NOT MET"), report);
        // 2x needs Kiln at 4.000 ms; the plain products took 4.900 ms.
        assertTrue(report.contains("2.00x needs Kiln at 4.000 ms or less; the plain products alone took 4.900 ms\n"), report);
    }

    @Test
    void theProductsAreNoFloorSoNoMissIsCalledOutOfReach() {
        // Kiln's forward through transposed weights can beat the plain products (Kiln/GEMM below 1),
        // so a needed time below them is not declared impossible.
        for (double gemm : new double[]{3.0, 4.9}) {
            String report = Targets.report(List.of(row("inference, batch 256", 5.5, 8.0, gemm)));
            assertFalse(report.contains("out of reach"), report);
        }
    }

    @Test
    void theFastestOtherSystemOnARowIsThePeerTarget() {
        CaseResult row = row("MLP train step, batch 256", 10, 20, 8.0)
                .withPeers(List.of(CaseResult.PeerTime.of("libtorch", new double[]{11, 11, 11}, new double[]{10, 10, 10})));
        String report = Targets.report(List.of(row));
        // libtorch (11 ms) is faster than DL4J (20 ms): 1.10x, short of 1.2
        assertTrue(report.contains("MLP train step, batch 256: fastest other (libtorch)/Kiln >= 1.2"), report);
        assertTrue(report.contains("1.10  NOT MET"), report);
        String slowPeer = Targets.report(List.of(row("CNN train step, batch 128", 10, 14, null)
                .withPeers(List.of(CaseResult.PeerTime.of("libtorch", new double[]{30, 30, 30}, new double[]{10, 10, 10})))));
        assertTrue(slowPeer.contains("CNN train step, batch 128: fastest other (DL4J)/Kiln >= 1.2"), slowPeer);
        assertTrue(slowPeer.contains("1.40  met"), slowPeer);
    }

    @Test
    void eachDl4jConfigurationIsCheckedOnItsOwnRow() {
        String report = Targets.report(List.of(
                row("MLP train step, batch 256", 10, 20, 8.0),
                row("MLP train, DL4J defaults", 10, 40, null),
                row("inference 256, DL4J defaults", 5, 15, null),
                row("CNN train step, batch 128", 10, 14, null),
                row("CNN train, DL4J no helpers", 10, 70, null),
                row("CNN inference, batch 128", 10, 16, null),
                row("CNN infer., DL4J no helpers", 10, 90, null)));
        assertTrue(report.contains("MLP train step, batch 256: DL4J (fastest layout)/Kiln >= 1.8"), report);
        assertTrue(report.contains("2.00  met"), report);
        assertTrue(report.contains("MLP train step, batch 256: Kiln/GEMM <= 1.5"), report);
        assertTrue(report.contains("1.25  met"), report);
        assertTrue(report.contains("MLP train, DL4J defaults: DL4J/Kiln >= 1.8"), report);
        assertTrue(report.contains("inference 256, DL4J defaults: DL4J/Kiln >= 2.0"), report);
        assertTrue(report.contains("3.00  met"), report);
        assertTrue(report.contains("CNN train step, batch 128: DL4J (helpers on)/Kiln >= 1.5"), report);
        assertTrue(report.contains("1.40  NOT MET"), report);
        assertTrue(report.contains("CNN train, DL4J no helpers: DL4J/Kiln >= 1.5"), report);
        assertTrue(report.contains("CNN inference, batch 128: DL4J (helpers on)/Kiln >= 1.5"), report);
        assertTrue(report.contains("CNN infer., DL4J no helpers: DL4J/Kiln >= 1.5"), report);
        assertTrue(report.contains("9.00  met"), report);
    }
}
