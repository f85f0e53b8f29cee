package dev.kiln.processor.generator;

import dev.kiln.dsl.Init;
import dev.kiln.dsl.OptimizerType;
import dev.kiln.dsl.Training;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Systematic cases: every attribute of every Kiln annotation, found by reflection, at each of its
 * type's boundary values ({@link BoundaryValues}), one attribute at a time in a host where the
 * rest of the model is sound: the layer and block annotations in their slot, {@code @Model}'s own
 * attributes, {@code @Init} as a Dense (and, at the large scale, a bias and a convolution)
 * initializer, {@code @Training} as the model's training options.
 */
final class AttributeCases {
    private static final String CLASS_PREFIX = "Attribute";

    /** Init attributes and the schemes that read them, the first used at the CI scale. */
    private static final Map<String, List<Map<String, String>>> INIT_CONTEXTS = Map.of(
            "mean", List.of(Map.of("scheme", "Scheme.NORMAL", "std", "0.1"), Map.of("scheme", "Scheme.TRUNCATED_NORMAL", "std", "0.1"),
                    Map.of("scheme", "Scheme.KAIMING_NORMAL")),
            "std", List.of(Map.of("scheme", "Scheme.NORMAL"), Map.of("scheme", "Scheme.TRUNCATED_NORMAL"),
                    Map.of("scheme", "Scheme.SPARSE", "sparsity", "0.5"), Map.of("scheme", "Scheme.KAIMING_NORMAL")),
            "low", List.of(Map.of("scheme", "Scheme.UNIFORM", "high", "1.0"), Map.of("scheme", "Scheme.TRUNCATED_NORMAL", "std", "1.0")),
            "high", List.of(Map.of("scheme", "Scheme.UNIFORM", "low", "-1.0"), Map.of("scheme", "Scheme.TRUNCATED_NORMAL", "std", "1.0")),
            "value", List.of(Map.of("scheme", "Scheme.CONSTANT"), Map.of("scheme", "Scheme.NORMAL", "std", "0.1")),
            "gain", List.of(Map.of("scheme", "Scheme.KAIMING_NORMAL"), Map.of("scheme", "Scheme.XAVIER_UNIFORM"),
                    Map.of("scheme", "Scheme.ORTHOGONAL"), Map.of("scheme", "Scheme.LECUN_NORMAL")),
            "mode", List.of(Map.of("scheme", "Scheme.KAIMING_NORMAL"), Map.of("scheme", "Scheme.VARIANCE_SCALING", "scale", "1.0"),
                    Map.of("scheme", "Scheme.XAVIER_NORMAL")),
            "scale", List.of(Map.of("scheme", "Scheme.VARIANCE_SCALING")),
            "distribution", List.of(Map.of("scheme", "Scheme.VARIANCE_SCALING", "scale", "1.0")),
            "sparsity", List.of(Map.of("scheme", "Scheme.SPARSE", "std", "0.01")));

    private AttributeCases() {
    }

    static List<Case> all(boolean large) {
        List<Case> cases = new ArrayList<>();
        for (Target target : Targets.LAYERS) {
            layerCases(target, large, List.of(), cases);
        }
        for (Target target : Targets.BLOCKS) {
            layerCases(target, large, Targets.BLOCK_CLASSES, cases);
        }
        modelCases(large, cases);
        initCases(large, cases);
        trainingCases(large, cases);
        return cases;
    }

    private static void layerCases(Target target, boolean large, List<String> members, List<Case> cases) {
        for (Method attribute : attributes(target.type())) {
            for (Map<String, String> context : target.contextsOf(attribute.getName(), large)) {
                for (String value : BoundaryValues.of(attribute.getReturnType(), large)) {
                    Annotation annotation = with(target.baseline(), context).with(attribute.getName(), value);
                    String slot = target.field(annotation);
                    String className = Sources.className(CLASS_PREFIX, cases.size());
                    cases.add(new Case(name(target.type().getSimpleName(), attribute.getName(), value, context), Case.Origin.ATTRIBUTE,
                            List.of(Sources.of(className, target.host().source(className, slot, target.host().modelAttributes(), members)))));
                }
            }
        }
    }

    /** {@code @Model}'s input and loss. */
    private static void modelCases(boolean large, List<Case> cases) {
        Map<String, String> model = new LinkedHashMap<>(Map.of("input", "8", "loss", "Loss.MEAN_SQUARED_ERROR"));
        for (Method attribute : attributes(dev.kiln.dsl.Model.class)) {
            for (String value : BoundaryValues.of(attribute.getReturnType(), large)) {
                Map<String, String> changed = new LinkedHashMap<>(model);
                changed.put(attribute.getName(), value);
                String className = Sources.className(CLASS_PREFIX, cases.size());
                cases.add(new Case(name("Model", attribute.getName(), value, Map.of()), Case.Origin.ATTRIBUTE,
                        List.of(Sources.of(className, Host.VECTOR.source(className, "@Dense(units = 4) Layer target;", attributes(changed),
                                List.of())))));
            }
        }
    }

    /** {@code @Init} as a Dense layer's weight initializer; at the large scale also as its bias initializer and a convolution's. */
    private static void initCases(boolean large, List<Case> cases) {
        List<String[]> placements = new ArrayList<>();
        placements.add(new String[] {"Dense", "weightInit"});
        if (large) {
            placements.add(new String[] {"Dense", "biasInit"});
            placements.add(new String[] {"Conv2d", "weightInit"});
        }
        for (String[] placement : placements) {
            Target target = Targets.LAYERS.stream().filter(t -> t.type().getSimpleName().equals(placement[0])).findFirst().orElseThrow();
            for (Method attribute : attributes(Init.class)) {
                for (Map<String, String> context : contexts(INIT_CONTEXTS, attribute.getName(), large)) {
                    for (String value : BoundaryValues.of(attribute.getReturnType(), large)) {
                        Annotation init = with(Annotation.of("Init"), context).with(attribute.getName(), value);
                        String slot = target.field(target.baseline().with(placement[1], init.toString()));
                        String className = Sources.className(CLASS_PREFIX, cases.size());
                        cases.add(new Case(name(placement[0] + "." + placement[1] + ".Init", attribute.getName(), value, context),
                                Case.Origin.ATTRIBUTE, List.of(Sources.of(className, target.host().source(className, slot)))));
                    }
                }
            }
        }
    }

    /** {@code @Training}: each option with the optimizer (and, at the large scale, each optimizer) or schedule that reads it. */
    private static void trainingCases(boolean large, List<Case> cases) {
        List<Map<String, String>> optimizers = new ArrayList<>();
        for (OptimizerType optimizer : OptimizerType.values()) {
            optimizers.add(Map.of("optimizer", "OptimizerType." + optimizer.name()));
        }
        Map<String, List<Map<String, String>>> contexts = Map.of(
                "learningRate", optimizers, "weightDecay", optimizers, "clipGlobalNorm", optimizers,
                "schedule", List.of(Map.of("horizonSteps", "10"), Map.of()),
                "warmupSteps", List.of(Map.of("schedule", "ScheduleType.COSINE", "horizonSteps", "10"), Map.of()),
                "horizonSteps", List.of(Map.of("schedule", "ScheduleType.COSINE"), Map.of("schedule", "ScheduleType.ONE_CYCLE"),
                        Map.of("schedule", "ScheduleType.LINEAR"), Map.of()));
        for (Method attribute : attributes(Training.class)) {
            for (Map<String, String> context : contexts(contexts, attribute.getName(), large)) {
                for (String value : BoundaryValues.of(attribute.getReturnType(), large)) {
                    Annotation training = with(Annotation.of("Training"), context).with(attribute.getName(), value);
                    String model = "input = 8, loss = Loss.MEAN_SQUARED_ERROR, training = " + training;
                    String className = Sources.className(CLASS_PREFIX, cases.size());
                    cases.add(new Case(name("Training", attribute.getName(), value, context), Case.Origin.ATTRIBUTE,
                            List.of(Sources.of(className, Host.VECTOR.source(className, "@Dense(units = 4) Layer target;", model,
                                    List.of())))));
                }
            }
        }
    }

    /** The settings that give {@code attribute} its meaning: all of them at the large scale, the first at the CI scale. */
    static List<Map<String, String>> contexts(Map<String, List<Map<String, String>>> table, String attribute, boolean large) {
        List<Map<String, String>> all = table.getOrDefault(attribute, List.of(Map.of()));
        return large ? all : all.subList(0, 1);
    }

    /** The annotation's attributes by name, but for nested annotations, which have cases of their own. */
    private static List<Method> attributes(Class<?> annotation) {
        return Arrays.stream(annotation.getDeclaredMethods()).filter(m -> !m.getReturnType().isAnnotation())
                .sorted(Comparator.comparing(Method::getName)).toList();
    }

    private static Annotation with(Annotation annotation, Map<String, String> context) {
        Annotation result = annotation;
        for (Map.Entry<String, String> setting : new TreeMap<>(context).entrySet()) {
            result = result.with(setting.getKey(), setting.getValue());
        }
        return result;
    }

    private static String attributes(Map<String, String> values) {
        return String.join(", ", values.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).toList());
    }

    /** {@code Dense.units=-1}, and the context in brackets: {@code Init.std=0.0 [scheme = Scheme.NORMAL]}. */
    private static String name(String owner, String attribute, String value, Map<String, String> context) {
        String name = owner + "." + attribute + "=" + value;
        return context.isEmpty() ? name : name + " " + new TreeMap<>(context);
    }
}
