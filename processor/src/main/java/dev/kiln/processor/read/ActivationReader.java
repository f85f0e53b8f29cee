package dev.kiln.processor.read;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Numbers;
import dev.kiln.ir.ActivationFunction;
import dev.kiln.processor.Message;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.VariableElement;

/**
 * Reads an activation and its optional parameter (shared by {@code @Dense} and
 * {@code @ActivationLayer}): a parameter given to an activation without one is a conflict, and a
 * parameter out of its range (leaky slope outside (0, 1), non-positive ELU alpha or swish beta) an error.
 */
public final class ActivationReader {
    private ActivationReader() {
    }

    /** @return the activation with its parameter resolved, or null after reporting an error */
    public static ActivationFunction read(Activation kind, double parameter, VariableElement field, AnnotationMirror mirror,
                                   String parameterAttribute, ReadContext context) {
        String layer = field.getSimpleName().toString();
        boolean given = AnnotationSites.isExplicit(mirror, parameterAttribute);
        if (given && !kind.hasParameter()) {
            context.diagnostics().report(Message.CONFLICTING_OPTIONS, AnnotationSites.attribute(field, mirror, parameterAttribute),
                    "remove " + parameterAttribute + ", or choose an activation that takes one (LEAKY_RELU, ELU, SWISH)",
                    layer, context.modelName(), parameterAttribute + " = " + Numbers.compact(parameter) + " is set but "
                            + kind + " takes no parameter");
            return null;
        }
        ActivationFunction function = ActivationFunction.of(kind, parameter);
        String problem = rangeProblem(function);
        if (problem != null) {
            context.diagnostics().report(Message.ACTIVATION_PARAMETER, AnnotationSites.attribute(field, mirror, parameterAttribute),
                    kind == Activation.LEAKY_RELU ? "use a slope such as 0.01 or 0.2" : "use a positive value such as 1",
                    layer, context.modelName(), problem);
            return null;
        }
        return function;
    }

    private static String rangeProblem(ActivationFunction function) {
        double p = function.parameter();
        return switch (function.kind()) {
            case LEAKY_RELU -> p > 0 && p < 1 ? null
                    : "leaky ReLU slope " + Numbers.compact(p) + " must lie in (0, 1); a slope of 1 or more is not a ReLU and 0 is a plain ReLU";
            case ELU -> p > 0 && !Double.isInfinite(p) ? null : "ELU alpha " + Numbers.compact(p) + " must be positive";
            case SWISH -> p > 0 && !Double.isInfinite(p) ? null : "swish beta " + Numbers.compact(p) + " must be positive";
            default -> null;
        };
    }
}
