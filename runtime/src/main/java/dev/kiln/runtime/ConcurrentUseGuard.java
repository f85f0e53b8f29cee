package dev.kiln.runtime;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Detects a model used for training on one thread while another thread uses it, and fails that use
 * with a {@link ConcurrentModelUseException} instead of letting it compute with half-updated weights.
 * Inference calls share the model (each thread has its own buffers, so any number may run at once);
 * a training call needs it alone. Calls nest on one thread (a training step runs a training pass).
 *
 * <p>Two atomic operations per call and no allocation. The check covers the model's own calls: an
 * optimizer step a caller runs on the parameters directly, outside {@code trainStep}, is not seen.
 */
public final class ConcurrentUseGuard {
    private static final ConcurrentUseGuard UNGUARDED = new ConcurrentUseGuard("", false);

    private final String model;
    /** False for {@link #unguarded()}, which checks nothing. */
    private final boolean enforced;
    private final AtomicInteger inference = new AtomicInteger();
    private final AtomicReference<Thread> trainer = new AtomicReference<>();
    /** Training calls the trainer thread has open; only that thread reads or writes it. */
    private int trainingDepth;

    public ConcurrentUseGuard(String model) {
        this(model, true);
    }

    private ConcurrentUseGuard(String model, boolean enforced) {
        this.model = model;
        this.enforced = enforced;
    }

    /**
     * A guard that checks nothing, for hand-written {@link KilnNet}s that do not guard their calls
     * (test doubles); generated nets return their own from {@link KilnNet#concurrencyGuard()}.
     */
    public static ConcurrentUseGuard unguarded() {
        return UNGUARDED;
    }

    /** Before an inference call: refused while another thread trains. */
    public void enterInference() {
        if (!enforced) {
            return;
        }
        Thread current = Thread.currentThread();
        if (trainer.get() == current) {
            trainingDepth++;
            return;
        }
        inference.incrementAndGet();
        Thread training = trainer.get();
        if (training != null) {
            inference.decrementAndGet();
            throw new ConcurrentModelUseException(model + ": thread '" + current.getName() + "' calls the model for inference while"
                    + " thread '" + training.getName() + "' trains it; inference must not overlap training (it would read weights"
                    + " and running statistics halfway through an update). Serve inference while nobody trains, or from an inference"
                    + " snapshot, freezeForInference(), which training never changes.");
        }
    }

    public void exitInference() {
        if (!enforced) {
            return;
        }
        if (trainer.get() == Thread.currentThread()) {
            trainingDepth--;
        } else {
            inference.decrementAndGet();
        }
    }

    /** Before a training call: refused while another thread trains or runs inference. */
    public void enterTraining() {
        if (!enforced) {
            return;
        }
        Thread current = Thread.currentThread();
        if (trainer.get() == current) {
            trainingDepth++;
            return;
        }
        if (!trainer.compareAndSet(null, current)) {
            Thread other = trainer.get();
            throw new ConcurrentModelUseException(model + ": thread '" + current.getName() + "' trains the model while thread '"
                    + (other == null ? "?" : other.getName()) + "' trains it too; a model trains on one thread at a time.");
        }
        if (inference.get() > 0) {
            trainer.set(null);
            throw new ConcurrentModelUseException(model + ": thread '" + current.getName() + "' trains the model while "
                    + "another thread runs inference on it; training must not overlap inference (which would read weights halfway"
                    + " through the update). Train when no inference runs, and serve inference from freezeForInference() meanwhile.");
        }
        trainingDepth = 1;
    }

    public void exitTraining() {
        if (!enforced) {
            return;
        }
        if (--trainingDepth == 0) {
            trainer.set(null);
        }
    }
}
