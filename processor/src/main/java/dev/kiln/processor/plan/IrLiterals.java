package dev.kiln.processor.plan;

import com.squareup.javapoet.CodeBlock;
import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Distribution;
import dev.kiln.dsl.FanMode;
import dev.kiln.dsl.Scheme;
import dev.kiln.ir.ActivationFunction;
import dev.kiln.ir.InitSpec;
import dev.kiln.ir.Window;

/** Java source for IR values, written the way a person would write them. */
final class IrLiterals {
    private IrLiterals() {
    }

    static CodeBlock activation(ActivationFunction function) {
        if (function.kind().hasParameter()) {
            return CodeBlock.of("$T.of($T.$L, $L)", ActivationFunction.class, Activation.class, function.kind(),
                    number(function.parameter()));
        }
        return CodeBlock.of("$T.of($T.$L)", ActivationFunction.class, Activation.class, function.kind());
    }

    static CodeBlock init(InitSpec spec) {
        CodeBlock.Builder code = CodeBlock.builder();
        switch (spec.scheme()) {
            case NORMAL -> code.add("$T.normal($L, $L)", InitSpec.class, number(spec.meanOrZero()), number(spec.std()));
            case UNIFORM -> code.add("$T.uniform($L, $L)", InitSpec.class, number(spec.low()), number(spec.high()));
            case CONSTANT -> code.add("$T.constant($L)", InitSpec.class, number(spec.value()));
            case TRUNCATED_NORMAL -> code.add("$T.truncatedNormal($L, $L, $L, $L)", InitSpec.class, number(spec.meanOrZero()),
                    number(spec.std()), number(spec.low()), number(spec.high()));
            case VARIANCE_SCALING -> code.add("$T.varianceScaling($L, $T.$L, $T.$L)", InitSpec.class, number(spec.scale()),
                    FanMode.class, spec.mode(), Distribution.class, spec.distribution());
            case SPARSE -> code.add("$T.sparse($L, $L)", InitSpec.class, number(spec.sparsity()), number(spec.std()));
            default -> code.add("$T.of($T.$L)", InitSpec.class, Scheme.class, spec.scheme());
        }
        if (!Double.isNaN(spec.gain())) {
            code.add(".withGain($L)", number(spec.gain()));
        }
        if (spec.mode() != FanMode.FAN_IN && spec.scheme() != Scheme.VARIANCE_SCALING) {
            code.add(".withMode($T.$L)", FanMode.class, spec.mode());
        }
        return code.build();
    }

    /**
     * Common gains by name ({@code Math.sqrt(2)}, {@code 5.0 / 3}), other values as literals. The
     * reader refuses non-finite values (KILN-E016); one reaching this point is a bug, and writing
     * {@code Infinity} or {@code NaN} would give a class that does not compile.
     */
    static String number(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalStateException("non-finite number " + value + " reached generated code");
        }
        if (value == Math.sqrt(2.0)) {
            return "Math.sqrt(2)";
        }
        if (value == 5.0 / 3.0) {
            return "5.0 / 3";
        }
        return Double.toString(value);
    }

    static CodeBlock window(Window w) {
        return CodeBlock.of("new $T($L, $L, $L, $L, $L, $L, $L, $L)", Window.class, w.kernelH(), w.kernelW(), w.strideH(), w.strideW(),
                w.padH(), w.padW(), w.dilationH(), w.dilationW());
    }
}
