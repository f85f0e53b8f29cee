package dev.kiln.processor.write;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.ParameterizedTypeName;

import static dev.kiln.processor.plan.RuntimeTypes.BUFFER_CACHE;
import static dev.kiln.processor.plan.RuntimeTypes.CONCURRENT_USE_GUARD;
import static javax.lang.model.element.Modifier.FINAL;
import static javax.lang.model.element.Modifier.PRIVATE;

/**
 * What makes a generated model safe to share between threads: per-thread buffers, so concurrent
 * inference never writes another call's arrays, and the runtime's {@code ConcurrentUseGuard} around
 * every public call, so training that overlaps any other use fails instead of mixing weights. The
 * policy is the runtime's; the generated methods only enter and leave it.
 */
final class ConcurrencyGuard {
    static final String INFERENCE = "Inference";
    static final String TRAINING = "Training";
    /** The per-thread buffer cache's field; the passes' local {@code buffers} is the batch's buffers taken from it. */
    static final String CACHE_FIELD = "bufferCache";

    private ConcurrencyGuard() {
    }

    static FieldSpec field() {
        return FieldSpec.builder(CONCURRENT_USE_GUARD, "guard", PRIVATE, FINAL)
                .addJavadoc("Refuses training that overlaps another thread's use of the model.\n").build();
    }

    /** The buffer cache, one per thread: {@code ThreadLocal<BufferCache<Buffers>>}. */
    static FieldSpec buffersField(ClassName buffers, String what) {
        return FieldSpec.builder(ParameterizedTypeName.get(ClassName.get(ThreadLocal.class), ParameterizedTypeName.get(BUFFER_CACHE, buffers)),
                        CACHE_FIELD, PRIVATE, FINAL)
                .addJavadoc("$L, per thread: threads running inference at once never share one.\n", what)
                .initializer("$T.withInitial($T::new)", ThreadLocal.class, BUFFER_CACHE).build();
    }

    /** Enters the guard and opens the try block the method's body goes in. */
    static MethodSpec.Builder open(MethodSpec.Builder method, String kind) {
        return method.addStatement("guard.enter$L()", kind).beginControlFlow("try");
    }

    /** Closes the try block, leaving the guard however the body ends. */
    static MethodSpec.Builder close(MethodSpec.Builder method, String kind) {
        return method.nextControlFlow("finally").addStatement("guard.exit$L()", kind).endControlFlow();
    }
}
