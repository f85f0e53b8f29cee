package dev.kiln.runtime;

import org.junit.jupiter.api.Test;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The guard's rules with the interleaving fixed by the test, not left to the scheduler: a second
 * thread enters and leaves while the first holds its call open, so every case happens every run.
 */
class ConcurrentUseGuardTest {
    private final ConcurrentUseGuard guard = new ConcurrentUseGuard("Mlp");

    /** Runs {@code call} on a thread named {@code name} and waits for it. */
    private static <T> T onThread(String name, Callable<T> call) throws Exception {
        ExecutorService other = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, name));
        try {
            return other.submit(call).get(30, TimeUnit.SECONDS);
        } finally {
            other.shutdownNow();
        }
    }

    private static Callable<ConcurrentModelUseException> refused(Runnable call) {
        return () -> assertThrows(ConcurrentModelUseException.class, call::run);
    }

    @Test
    void trainingWhileAnotherThreadRunsInferenceIsRefusedAndLeavesNoTrace() throws Exception {
        onThread("reader", () -> {
            guard.enterInference();
            return null;
        });
        ConcurrentModelUseException refusal = assertThrows(ConcurrentModelUseException.class, guard::enterTraining);
        assertTrue(refusal.getMessage().startsWith("Mlp: thread '" + Thread.currentThread().getName()
                + "' trains the model while another thread runs inference on it"), refusal.getMessage());
        // The refused training left nothing behind: a third thread may still run inference.
        onThread("second reader", () -> {
            guard.enterInference();
            guard.exitInference();
            return null;
        });
        onThread("reader", () -> {
            guard.exitInference();
            return null;
        });
        assertDoesNotThrow(guard::enterTraining);
        guard.exitTraining();
    }

    @Test
    void inferenceAndASecondTrainerAreRefusedWhileOneThreadTrains() throws Exception {
        guard.enterTraining();
        ConcurrentModelUseException inference = onThread("reader", refused(guard::enterInference));
        assertTrue(inference.getMessage().startsWith("Mlp: thread 'reader' calls the model for inference while thread '"
                + Thread.currentThread().getName() + "' trains it"), inference.getMessage());
        ConcurrentModelUseException training = onThread("trainer 2", refused(guard::enterTraining));
        assertTrue(training.getMessage().startsWith("Mlp: thread 'trainer 2' trains the model while thread '"
                + Thread.currentThread().getName() + "' trains it too"), training.getMessage());
        guard.exitTraining();
        assertEquals("free", onThread("reader", () -> {
            guard.enterInference();
            guard.exitInference();
            return "free";
        }), "inference runs again once training is over");
    }

    @Test
    void callsNestOnTheTrainingThreadAndReleaseOnlyWhenTheOutermostEnds() throws Exception {
        guard.enterTraining();
        guard.enterInference();
        guard.enterTraining();
        guard.exitTraining();
        guard.exitInference();
        onThread("reader", refused(guard::enterInference));
        guard.exitTraining();
        onThread("reader", () -> {
            guard.enterInference();
            guard.exitInference();
            return null;
        });
    }

    @Test
    void theUnguardedGuardOfHandWrittenNetsChecksNothing() throws Exception {
        ConcurrentUseGuard none = ConcurrentUseGuard.unguarded();
        none.enterTraining();
        assertEquals("entered", onThread("trainer 2", () -> {
            none.enterTraining();
            none.enterInference();
            none.exitInference();
            none.exitTraining();
            return "entered";
        }));
        none.exitTraining();
    }
}
