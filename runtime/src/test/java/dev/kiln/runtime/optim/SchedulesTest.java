package dev.kiln.runtime.optim;

import dev.kiln.dsl.ScheduleType;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every schedule at the checkpoints of reference section 11 (and one-cycle's own). */
class SchedulesTest {
    private static final double ETA0 = 0.1;

    private static double at(Schedule schedule, long s) {
        return schedule.learningRate(ETA0, s, 0);
    }

    private static double atEpoch(Schedule schedule, int e) {
        return schedule.learningRate(ETA0, 12345, e);
    }

    @Test
    void constant() {
        assertEquals(ETA0, at(Schedules.constant(), 0), 0);
        assertEquals(ETA0, at(Schedules.constant(), 1_000_000), 0);
    }

    @Test
    void inverseTimeHalvesAfterCUpdates() {
        Schedule inverse = Schedules.inverse(200);
        assertEquals(ETA0, at(inverse, 0), 0);
        assertEquals(ETA0 / 2, at(inverse, 200), 1e-17);
        assertEquals(ETA0 / 3, at(inverse, 400), 1e-17);
    }

    @Test
    void stepHalvesEveryTenEpochs() {
        Schedule step = Schedules.step(10, 0.5);
        for (int e = 0; e <= 9; e++) {
            assertEquals(ETA0, atEpoch(step, e), 0, "epoch " + e);
        }
        for (int e = 10; e <= 19; e++) {
            assertEquals(ETA0 / 2, atEpoch(step, e), 0, "epoch " + e);
        }
        assertEquals(ETA0 / 4, atEpoch(step, 20), 0);
    }

    @Test
    void multiStepMultipliesAtEachMilestone() {
        Schedule multi = Schedules.multiStep(0.1, 30, 80);
        assertEquals(ETA0, atEpoch(multi, 29), 0);
        assertEquals(ETA0 * 0.1, atEpoch(multi, 30), 1e-18);
        assertEquals(ETA0 * 0.1, atEpoch(multi, 79), 1e-18);
        assertEquals(ETA0 * 0.01, atEpoch(multi, 80), 1e-18);
        assertThrows(IllegalArgumentException.class, () -> Schedules.multiStep(0.1, 30, 30));
    }

    @Test
    void exponentialHalvesAtLnTwoOverGamma() {
        double gamma = Math.log(2) / 100;
        Schedule exponential = Schedules.exponential(gamma);
        assertEquals(ETA0, at(exponential, 0), 0);
        assertEquals(ETA0 / 2, at(exponential, 100), 1e-15);
        assertEquals(ETA0 / 4, at(exponential, 200), 1e-15);
    }

    @Test
    void cosineGoesFromEtaZeroThroughTheMeanToTheMinimumMonotonically() {
        Schedule cosine = Schedules.cosine(1000, 0.001);
        assertEquals(ETA0, at(cosine, 0), 0);
        assertEquals((ETA0 + 0.001) / 2, at(cosine, 500), 1e-15);
        assertEquals(0.001, at(cosine, 1000), 1e-15);
        assertEquals(0.001, at(cosine, 5000), 1e-15, "stays at the minimum after T");
        for (long s = 1; s <= 1000; s++) {
            assertTrue(at(cosine, s) <= at(cosine, s - 1), "monotone at " + s);
        }
    }

    @Test
    void warmRestartsReturnToEtaZeroAtEachRestart() {
        Schedule sgdr = Schedules.cosineWarmRestarts(10, 2, 0);
        // Restarts at T0 = 10, T0 (1 + 2) = 30, T0 (1 + 2 + 4) = 70.
        for (long restart : new long[] {0, 10, 30, 70}) {
            assertEquals(ETA0, at(sgdr, restart), 0, "restart at " + restart);
        }
        assertEquals(ETA0 / 2, at(sgdr, 5), 1e-15, "mid first cycle of 10");
        assertEquals(ETA0 / 2, at(sgdr, 20), 1e-15, "mid second cycle of 20");
        assertEquals(ETA0 / 2, at(sgdr, 50), 1e-15, "mid third cycle of 40");
        assertTrue(at(sgdr, 29) < 0.01 * ETA0, "near the minimum just before the restart");
        Schedule fixed = Schedules.cosineWarmRestarts(10, 1, 0);
        assertEquals(ETA0, at(fixed, 20), 0);
        assertEquals(at(fixed, 3), at(fixed, 33), 0);
    }

    @Test
    void polynomialReachesTheEndRate() {
        Schedule linear = Schedules.linear(100, 0.01);
        assertEquals(ETA0, at(linear, 0), 0);
        assertEquals((ETA0 + 0.01) / 2, at(linear, 50), 1e-15);
        assertEquals(0.01, at(linear, 100), 1e-15);
        assertEquals(0.01, at(linear, 150), 1e-15);
        Schedule square = Schedules.polynomial(100, 0, 2);
        assertEquals(ETA0 / 4, at(square, 50), 1e-15);
        assertEquals(0, at(square, 100), 0);
    }

    @Test
    void warmupRisesToTheInnerStartThenFollowsTheShiftedInnerSchedule() {
        Schedule inner = Schedules.cosine(100, 0);
        Schedule warm = Schedules.warmup(10, inner);
        for (long s = 1; s < 10; s++) {
            assertTrue(at(warm, s) > at(warm, s - 1), "increasing at " + s);
        }
        assertEquals(ETA0 / 10, at(warm, 0), 1e-17);
        assertEquals(at(inner, 0), at(warm, 9), 0, "eta(W - 1) = inner(0)");
        for (long s = 10; s < 150; s++) {
            assertEquals(at(inner, s - 10), at(warm, s), 0, "shifted inner at " + s);
        }
        assertEquals(ETA0, at(Schedules.warmup(5), 500), 0);
    }

    @Test
    void oneCycleRisesToThePeakThenFallsToTheFinalRate() {
        Schedule cycle = Schedules.oneCycle(1000);
        assertEquals(ETA0 / 25, at(cycle, 0), 1e-17);
        assertEquals(ETA0, at(cycle, 300), 0);
        assertEquals(ETA0 / 25 / 1e4, at(cycle, 1000), 1e-18);
        assertEquals(ETA0 / 25 / 1e4, at(cycle, 2000), 1e-18);
        assertEquals((ETA0 / 25 + ETA0) / 2, at(cycle, 150), 1e-15);
        for (long s = 1; s <= 300; s++) {
            assertTrue(at(cycle, s) > at(cycle, s - 1));
        }
        for (long s = 301; s <= 1000; s++) {
            assertTrue(at(cycle, s) < at(cycle, s - 1));
        }
    }

    @Test
    void theOptimizerFeedsTheScheduleCompletedUpdatesAndEpochs() {
        OptimizerChain sgd = Optimizers.sgd(ETA0).schedule((base, s, e) -> base * (1 + s) * (10 + e));
        assertEquals(ETA0 * 10, sgd.learningRate(), 0, "update 1 uses s = 0, e = 0");
        var p = Tensors.weight("w", 0);
        double before = Tensors.values(p)[0];
        double after = Tensors.step(sgd, p, 1)[0];
        assertEquals(-ETA0 * 10, after - before, 1e-15, "the step used eta(0, 0)");
        assertEquals(ETA0 * 2 * 10, sgd.learningRate(), 0);
        sgd.onEpochEnd(1, Double.NaN);
        assertEquals(ETA0 * 2 * 11, sgd.learningRate(), 1e-15);
        assertEquals(1, sgd.completedEpochs());
    }

    @Test
    void annotationKindsMapToSchedules() {
        assertEquals(Schedules.cosine(500, 0), ScheduleKind.COSINE.create(500));
        assertEquals(Schedules.warmup(50, Schedules.linear(500, 0)), ScheduleKind.LINEAR.create(500, 50));
        assertEquals(ETA0, at(ScheduleKind.CONSTANT.create(1), 10_000), 0);
        assertEquals(ETA0, at(ScheduleKind.ONE_CYCLE.create(100), 30), 0);
    }

    /** The processor refuses a declared horizon below ScheduleType.minimumHorizon(): exactly the horizons the runtime refuses. */
    @Test
    void theMinimumHorizonTheProcessorChecksIsTheRuntimes() {
        for (ScheduleType type : ScheduleType.values()) {
            ScheduleKind kind = ScheduleKind.valueOf(type.name());
            long minimum = type.minimumHorizon();
            kind.create(Math.max(minimum, 1));
            if (minimum > 1) {
                assertThrows(IllegalArgumentException.class, () -> kind.create(minimum - 1), type.name());
            }
        }
        assertEquals(2, ScheduleType.ONE_CYCLE.minimumHorizon());
    }
}
