package dev.kiln.processor.read;

import dev.kiln.dsl.Distribution;
import dev.kiln.dsl.FanMode;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Numbers;
import dev.kiln.dsl.Scheme;
import dev.kiln.ir.InitSpec;
import dev.kiln.ir.TruncatedNormal;
import dev.kiln.processor.Diagnostics.Site;
import dev.kiln.processor.Message;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.VariableElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads an {@code @Init} attribute value: the parameters a scheme needs must be given (by name,
 * so {@code std} is never confused with a variance), and parameters a scheme ignores must not be.
 */
public final class InitReader {
    private InitReader() {
    }

    /** Which attributes each scheme reads; everything else must stay unset. */
    private static Set<String> attributesOf(Scheme scheme) {
        return switch (scheme) {
            case NORMAL -> Set.of("mean", "std");
            case UNIFORM -> Set.of("low", "high");
            case CONSTANT -> Set.of("value");
            case TRUNCATED_NORMAL -> Set.of("mean", "std", "low", "high");
            case XAVIER_NORMAL, XAVIER_UNIFORM, ORTHOGONAL, IDENTITY, DIRAC -> Set.of("gain");
            case KAIMING_NORMAL, KAIMING_UNIFORM -> Set.of("gain", "mode");
            case VARIANCE_SCALING -> Set.of("scale", "mode", "distribution");
            case SPARSE -> Set.of("sparsity", "std");
            case DEFAULT, ZEROS, LECUN_NORMAL, LECUN_UNIFORM -> Set.of();
        };
    }

    private static final List<String> PARAMETERS = List.of("mean", "std", "low", "high", "value", "gain", "mode", "scale",
            "distribution", "sparsity");

    /**
     * @param attribute {@code weightInit} or {@code biasInit} on {@code layerMirror}
     * @return the spec, or null after reporting an error
     */
    public static InitSpec read(AnnotationValues values, VariableElement field, AnnotationMirror layerMirror, String attribute,
                         ReadContext context) {
        String layer = field.getSimpleName().toString();
        Optional<AnnotationMirror> nested = AnnotationSites.nested(layerMirror, attribute);
        Site initSite = AnnotationSites.attribute(field, layerMirror, attribute);
        boolean ok = true;
        Init init = new InitValues(values);
        Scheme scheme = init.scheme();
        List<String> ignored = new ArrayList<>();
        for (String parameter : PARAMETERS) {
            if (nested.isPresent() && AnnotationSites.isExplicit(nested.get(), parameter)
                    && !attributesOf(scheme).contains(parameter)) {
                ignored.add(parameter);
            }
        }
        if (!ignored.isEmpty()) {
            context.diagnostics().report(Message.CONFLICTING_OPTIONS, siteOf(field, nested, ignored.get(0), initSite),
                    scheme == Scheme.DEFAULT ? "name the scheme the parameters belong to, e.g. scheme = Scheme.KAIMING_NORMAL"
                            : "remove " + String.join(", ", ignored) + "; " + scheme + " reads only " + describe(attributesOf(scheme)),
                    layer, context.modelName(), attribute + " sets " + String.join(", ", ignored) + " but scheme " + scheme + " does not use "
                            + (ignored.size() == 1 ? "it" : "them"));
            ok = false;
        }
        if (scheme.needsMatrix() && attribute.equals("biasInit")) {
            context.diagnostics().report(Message.INIT_SHAPE, siteOf(field, nested, "scheme", initSite),
                    "use Scheme.ZEROS or Scheme.CONSTANT for the bias, or leave biasInit unset", layer, context.modelName(),
                    "biasInit uses " + scheme + ", which needs a weight matrix; a bias is a vector");
            ok = false;
        }
        switch (scheme) {
            case NORMAL, TRUNCATED_NORMAL, SPARSE -> {
                if (!(init.std() > 0) || Double.isInfinite(init.std())) {
                    ok = missing(context, field, nested, initSite, "std", layer, attribute,
                            scheme + " needs a positive, finite std" + given(init.std()),
                            "write @Init(scheme = Scheme." + scheme + (scheme == Scheme.SPARSE ? ", sparsity = 0.9" : "")
                                    + ", std = 0.01); std is a standard deviation, not a variance");
                }
            }
            case UNIFORM -> {
                if (Double.isNaN(init.low()) || Double.isNaN(init.high())) {
                    ok = missing(context, field, nested, initSite, Double.isNaN(init.low()) ? "low" : "high", layer, attribute,
                            "UNIFORM needs both bounds, low and high",
                            "write @Init(scheme = Scheme.UNIFORM, low = -0.05, high = 0.05)");
                } else if (!(init.low() < init.high())) {
                    ok = missing(context, field, nested, initSite, "high", layer, attribute,
                            "UNIFORM needs low < high but has low = " + Numbers.compact(init.low()) + ", high = " + Numbers.compact(init.high()),
                            "swap the bounds");
                }
            }
            case CONSTANT -> {
                if (Double.isNaN(init.value()) || Double.isInfinite(init.value())) {
                    ok = missing(context, field, nested, initSite, "value", layer, attribute,
                            "CONSTANT needs a finite value", "write @Init(scheme = Scheme.CONSTANT, value = 0.01)");
                }
            }
            case VARIANCE_SCALING -> {
                if (!Double.isNaN(init.scale()) && (!(init.scale() > 0) || Double.isInfinite(init.scale()))) {
                    ok = missing(context, field, nested, initSite, "scale", layer, attribute,
                            "VARIANCE_SCALING needs a positive, finite scale" + given(init.scale()),
                            "the variance is scale / fan: scale = 2 for ReLU, 1 for a linear layer");
                }
            }
            case KAIMING_NORMAL, KAIMING_UNIFORM -> {
                if (init.mode() == FanMode.FAN_AVG) {
                    ok = missing(context, field, nested, initSite, "mode", layer, attribute,
                            scheme + " divides by fan_in or fan_out, not fan_avg",
                            "use mode = FanMode.FAN_IN or FanMode.FAN_OUT; for the average of the fans use Scheme.XAVIER_NORMAL"
                                    + " or Scheme.VARIANCE_SCALING");
                }
            }
            default -> {
            }
        }
        if (scheme == Scheme.SPARSE && !(init.sparsity() >= 0 && init.sparsity() < 1)) {
            ok = missing(context, field, nested, initSite, "sparsity", layer, attribute,
                    "SPARSE needs a sparsity in [0, 1), the fraction of each unit's incoming weights set to zero" + given(init.sparsity()),
                    "write @Init(scheme = Scheme.SPARSE, sparsity = 0.9, std = 0.01)");
        }
        if (scheme.usesGain() && !Double.isNaN(init.gain()) && !(init.gain() > 0)) {
            ok = missing(context, field, nested, initSite, "gain", layer, attribute,
                    "the gain must be positive" + given(init.gain()), "leave gain unset to use the activation's gain");
        }
        if (!ok) {
            return null;
        }
        if (scheme == Scheme.TRUNCATED_NORMAL) {
            return truncatedNormal(init, context, field, nested, initSite, layer, attribute);
        }
        if (scheme == Scheme.VARIANCE_SCALING) {
            // An unset scale is 1 (LeCun's variance); the IR holds the concrete value.
            return InitSpec.varianceScaling(Double.isNaN(init.scale()) ? 1.0 : init.scale(), init.mode(), init.distribution());
        }
        if (scheme == Scheme.SPARSE) {
            return InitSpec.sparse(init.sparsity(), init.std());
        }
        return new InitSpec(scheme, init.mean(), init.std(), init.low(), init.high(), init.value(), init.gain(), init.mode(),
                Double.NaN, Distribution.NORMAL, Double.NaN);
    }

    /** Unset bounds become mean -+ 2 std; the window must keep enough draws for redrawing to end. */
    private static InitSpec truncatedNormal(Init init, ReadContext context, VariableElement field, Optional<AnnotationMirror> nested,
                                            Site initSite, String layer, String attribute) {
        double mean = Double.isNaN(init.mean()) ? 0.0 : init.mean();
        double std = init.std();
        double low = Double.isNaN(init.low()) ? mean - 2 * std : init.low();
        double high = Double.isNaN(init.high()) ? mean + 2 * std : init.high();
        if (!(low < high) || Double.isInfinite(low) || Double.isInfinite(high) || Double.isInfinite(mean)) {
            missing(context, field, nested, initSite, "high", layer, attribute,
                    "TRUNCATED_NORMAL needs finite bounds with low < high but has low = " + Numbers.significant(low)
                            + ", high = " + Numbers.significant(high), "leave low and high unset for mean -+ 2 std");
            return null;
        }
        TruncatedNormal window = new TruncatedNormal(mean, std, low, high);
        if (window.acceptance() < TruncatedNormal.MIN_ACCEPTANCE) {
            missing(context, field, nested, initSite, Double.isNaN(init.high()) ? "low" : "high", layer, attribute,
                    "TRUNCATED_NORMAL window [" + Numbers.significant(low) + ", " + Numbers.significant(high) + "] keeps only "
                            + Numbers.significant(window.acceptance()) + " of N(" + Numbers.significant(mean) + ", "
                            + Numbers.significant(std) + "^2), so drawing until a value falls inside takes over "
                            + Math.round(1 / TruncatedNormal.MIN_ACCEPTANCE) + " draws per weight",
                    "put the bounds around the mean, e.g. leave them unset for mean -+ 2 std");
            return null;
        }
        return InitSpec.truncatedNormal(mean, std, low, high);
    }

    private static boolean missing(ReadContext context, VariableElement field, Optional<AnnotationMirror> nested, Site fallback,
                                   String parameter, String layer, String attribute, String problem, String hint) {
        context.diagnostics().report(Message.INIT_PARAMETERS, siteOf(field, nested, parameter, fallback), hint,
                layer, context.modelName(), attribute + ": " + problem);
        return false;
    }

    private static Site siteOf(VariableElement field, Optional<AnnotationMirror> nested, String parameter, Site fallback) {
        if (nested.isPresent() && AnnotationSites.isExplicit(nested.get(), parameter)) {
            return AnnotationSites.attribute(field, nested.get(), parameter);
        }
        return fallback;
    }

    private static String given(double value) {
        return Double.isNaN(value) ? "" : ", got " + Numbers.compact(value);
    }

    private static String describe(Set<String> attributes) {
        return attributes.isEmpty() ? "no parameters" : String.join(" and ", attributes.stream().sorted().toList());
    }
}
