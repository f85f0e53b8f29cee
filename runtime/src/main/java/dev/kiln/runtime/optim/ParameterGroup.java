package dev.kiln.runtime.optim;

import org.jspecify.annotations.Nullable;
import dev.kiln.runtime.Parameter;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Settings for a subset of parameters: a selector (by layer, kind or name) and the settings it
 * overrides. Immutable; each setter returns a new group. An optimizer applies its groups in the
 * order they were added, so a later group overrides an earlier one where both match.
 *
 * <pre>{@code
 * Optimizers.sgd(0.1).weightDecay(1e-4)
 *         .group(ParameterGroup.layers("head").learningRateScale(10))
 *         .group(ParameterGroup.layers("stem").frozen());
 * }</pre>
 */
public final class ParameterGroup {
    private final String description;
    private final Predicate<Parameter> selector;
    private final @Nullable Double learningRateScale;
    private final @Nullable Double weightDecay;
    private final @Nullable Boolean layerAdaptation;
    private final @Nullable Boolean frozen;

    private ParameterGroup(String description, Predicate<Parameter> selector, @Nullable Double learningRateScale,
                           @Nullable Double weightDecay, @Nullable Boolean layerAdaptation, @Nullable Boolean frozen) {
        this.description = description;
        this.selector = selector;
        this.learningRateScale = learningRateScale;
        this.weightDecay = weightDecay;
        this.layerAdaptation = layerAdaptation;
        this.frozen = frozen;
    }

    /** The parameters of the named layers (the field names in the model class). */
    public static ParameterGroup layers(String... layers) {
        List<String> names = List.of(layers);
        return select("layers " + names, p -> names.contains(p.layer()));
    }

    /**
     * The parameters of every layer of the given layer kinds in {@code graph}, by the kind names of
     * the model summary, e.g. {@code layerKinds(net.graph(), "Conv2d", "BatchNorm")}: how a
     * convolutional backbone is frozen for fine-tuning.
     */
    public static ParameterGroup layerKinds(dev.kiln.ir.ModelGraph graph, String... kinds) {
        List<String> wanted = List.of(kinds);
        List<String> layers = graph.layers().stream().filter(l -> wanted.contains(l.kind()))
                .map(dev.kiln.ir.LayerSpec::name).toList();
        if (layers.isEmpty()) {
            throw new IllegalArgumentException(graph.name() + " has no layer of kind " + wanted + "; its kinds are "
                    + graph.layers().stream().map(dev.kiln.ir.LayerSpec::kind).distinct().toList());
        }
        return select("layers of kind " + wanted + " " + layers, p -> layers.contains(p.layer()));
    }

    /** The parameters of the given kinds, e.g. {@code kinds(Kind.BIAS, Kind.NORM)}. */
    public static ParameterGroup kinds(Parameter.Kind... kinds) {
        Set<Parameter.Kind> set = kinds.length == 0 ? EnumSet.noneOf(Parameter.Kind.class)
                : EnumSet.copyOf(Arrays.asList(kinds));
        return select("kinds " + set, p -> set.contains(p.kind()));
    }

    /** The parameters with these full names, e.g. {@code fc1.W}. */
    public static ParameterGroup named(String... names) {
        List<String> list = List.of(names);
        return select("parameters " + list, p -> list.contains(p.name()));
    }

    /** The parameters {@code selector} accepts; {@code description} names them in messages. */
    public static ParameterGroup matching(String description, Predicate<Parameter> selector) {
        return select(description, selector);
    }

    private static ParameterGroup select(String description, Predicate<Parameter> selector) {
        return new ParameterGroup(description, selector, null, null, null, null);
    }

    /** Multiplies the learning rate of these parameters (e.g. 10 for a new head, 0.1 for a backbone). */
    public ParameterGroup learningRateScale(double scale) {
        if (!(scale >= 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("learning-rate scale must be finite and not negative, got " + scale);
        }
        return new ParameterGroup(description, selector, scale, weightDecay, layerAdaptation, frozen);
    }

    /** The weight-decay lambda of these parameters, in whichever form (L2 or decoupled) the optimizer uses. */
    public ParameterGroup weightDecay(double lambda) {
        Checks.notNegative("weight decay", lambda);
        return new ParameterGroup(description, selector, learningRateScale, lambda, layerAdaptation, frozen);
    }

    /** Whether LARS and LAMB compute a trust ratio for these parameters (otherwise it is 1). */
    public ParameterGroup layerAdaptation(boolean on) {
        return new ParameterGroup(description, selector, learningRateScale, weightDecay, on, frozen);
    }

    /** Leaves these parameters unchanged: no update and no optimizer state. */
    public ParameterGroup frozen() {
        return new ParameterGroup(description, selector, learningRateScale, weightDecay, layerAdaptation, true);
    }

    boolean selects(Parameter parameter) {
        return selector.test(parameter);
    }

    ParameterSettings applyTo(ParameterSettings settings) {
        return new ParameterSettings(
                learningRateScale != null ? learningRateScale : settings.learningRateScale(),
                weightDecay != null ? weightDecay : settings.weightDecay(),
                layerAdaptation != null ? layerAdaptation : settings.layerAdaptation(),
                frozen != null ? frozen : settings.frozen());
    }

    /** Whether this group gives some parameters a non-zero decay. */
    boolean setsDecay() {
        return weightDecay != null && weightDecay != 0;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(description).append(':');
        if (learningRateScale != null) {
            text.append(" lr x").append(learningRateScale);
        }
        if (weightDecay != null) {
            text.append(" decay ").append(weightDecay);
        }
        if (layerAdaptation != null) {
            text.append(layerAdaptation ? " trust ratio" : " no trust ratio");
        }
        if (Boolean.TRUE.equals(frozen)) {
            text.append(" frozen");
        }
        return text.toString();
    }
}
