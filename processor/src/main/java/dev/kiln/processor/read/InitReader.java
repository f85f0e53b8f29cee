package dev.kiln.processor.read;

import dev.kiln.dsl.Init;
import dev.kiln.dsl.Numbers;
import dev.kiln.dsl.Scheme;
import dev.kiln.ir.InitSpec;
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
final class InitReader {
    private InitReader() {
    }

    /** Which attributes each scheme reads; everything else must stay unset. */
    private static Set<String> attributesOf(Scheme scheme) {
        return switch (scheme) {
            case NORMAL -> Set.of("mean", "std");
            case UNIFORM -> Set.of("low", "high");
            case CONSTANT -> Set.of("value");
            case XAVIER_NORMAL, XAVIER_UNIFORM -> Set.of("gain");
            case KAIMING_NORMAL, KAIMING_UNIFORM -> Set.of("gain", "mode");
            case DEFAULT, ZEROS, LECUN_NORMAL, LECUN_UNIFORM -> Set.of();
        };
    }

    private static final List<String> PARAMETERS = List.of("mean", "std", "low", "high", "value", "gain", "mode");

    /**
     * @param attribute {@code weightInit} or {@code biasInit} on {@code layerMirror}
     * @return the spec, or null after reporting an error
     */
    static InitSpec read(AnnotationValues values, VariableElement field, AnnotationMirror layerMirror, String attribute,
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
        switch (scheme) {
            case NORMAL -> {
                if (!(init.std() > 0) || Double.isInfinite(init.std())) {
                    ok = missing(context, field, nested, initSite, "std", layer, attribute,
                            "NORMAL needs a positive, finite std" + given(init.std()),
                            "write @Init(scheme = Scheme.NORMAL, std = 0.01); std is a standard deviation, not a variance");
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
            default -> {
            }
        }
        if (scheme.usesGain() && !Double.isNaN(init.gain()) && !(init.gain() > 0)) {
            ok = missing(context, field, nested, initSite, "gain", layer, attribute,
                    "the gain must be positive" + given(init.gain()), "leave gain unset to use the activation's gain");
        }
        if (!ok) {
            return null;
        }
        return new InitSpec(scheme, init.mean(), init.std(), init.low(), init.high(), init.value(), init.gain(), init.mode());
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
