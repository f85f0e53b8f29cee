package dev.kiln.processor.read;

import dev.kiln.dsl.Distribution;
import dev.kiln.dsl.FanMode;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Scheme;

import java.lang.annotation.Annotation;

/** An {@link Init} read from its annotation mirror, so the rest of the reader uses the typed API. */
final class InitValues implements Init {
    private final AnnotationValues values;

    InitValues(AnnotationValues values) {
        this.values = values;
    }

    @Override
    public Scheme scheme() {
        return values.getEnum("scheme", Scheme.class);
    }

    @Override
    public double mean() {
        return values.getDouble("mean");
    }

    @Override
    public double std() {
        return values.getDouble("std");
    }

    @Override
    public double low() {
        return values.getDouble("low");
    }

    @Override
    public double high() {
        return values.getDouble("high");
    }

    @Override
    public double value() {
        return values.getDouble("value");
    }

    @Override
    public double gain() {
        return values.getDouble("gain");
    }

    @Override
    public FanMode mode() {
        return values.getEnum("mode", FanMode.class);
    }

    @Override
    public double scale() {
        return values.getDouble("scale");
    }

    @Override
    public Distribution distribution() {
        return values.getEnum("distribution", Distribution.class);
    }

    @Override
    public double sparsity() {
        return values.getDouble("sparsity");
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return Init.class;
    }
}
