package dev.kiln.runtime.checkpoint;

import org.jspecify.annotations.Nullable;
import java.util.List;
import java.util.Set;

/**
 * How {@link Checkpoint#loadMatching} pairs a checkpoint's tensors with another model's: by name
 * ({@code layer.role}), over the layers selected. Strict, every tensor of the model must be found
 * and every selected checkpoint tensor used; not strict, the missing and unexpected ones are only
 * reported. A tensor found under its name with another shape or dtype is always an error: skip its
 * layer (a replaced head) to leave it as it is. Immutable.
 *
 * <pre>{@code
 * LoadReport report = Checkpoint.read(path).loadMatching(net, MatchOptions.nonStrict().skip("logits"));
 * }</pre>
 */
public final class MatchOptions {
    private final boolean strict;
    private final @Nullable Set<String> only;
    private final Set<String> skip;

    private MatchOptions(boolean strict, @Nullable Set<String> only, Set<String> skip) {
        this.strict = strict;
        this.only = only;
        this.skip = skip;
    }

    public static MatchOptions strict() {
        return new MatchOptions(true, null, Set.of());
    }

    public static MatchOptions nonStrict() {
        return new MatchOptions(false, null, Set.of());
    }

    /** Only these layers take part, on both sides: a subset of the layers (e.g. a backbone). */
    public MatchOptions only(String... layers) {
        return new MatchOptions(strict, Set.copyOf(List.of(layers)), skip);
    }

    /** These layers take no part, on either side: what the model keeps as it is (e.g. a new head). */
    public MatchOptions skip(String... layers) {
        return new MatchOptions(strict, only, Set.copyOf(List.of(layers)));
    }

    boolean isStrict() {
        return strict;
    }

    /** Whether the tensor {@code layer.role} takes part. */
    boolean selects(String tensorName) {
        int dot = tensorName.lastIndexOf('.');
        String layer = dot < 0 ? tensorName : tensorName.substring(0, dot);
        return (only == null || only.contains(layer)) && !skip.contains(layer);
    }

    @Override
    public String toString() {
        return (strict ? "strict" : "non-strict") + (only != null ? ", only " + only : "")
                + (skip.isEmpty() ? "" : ", skipping " + skip);
    }
}
