package dev.kiln.processor.read;

import java.lang.annotation.Annotation;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.VariableElement;
import java.util.List;
import java.util.Map;

/**
 * Typed access to an annotation's attribute values: what the source writes, read from the mirror,
 * and otherwise the attribute's default, read from the annotation class itself (Kiln's annotations
 * are on the processor's class path). Neither {@code Element.getAnnotation} nor javac's
 * defaults are used: javac fails on nested annotation defaults such as
 * {@code weightInit() default @Init} read from class files.
 */
public final class AnnotationValues {
    private final Class<? extends Annotation> type;
    private final AnnotationMirror mirror;

    /** @param mirror the written annotation, or null when the whole annotation is a default */
    public AnnotationValues(Class<? extends Annotation> type, AnnotationMirror mirror) {
        this.type = type;
        this.mirror = mirror;
    }

    /** The written value (a javac constant, enum element, list or mirror), or the Java default object. */
    private Object raw(String name) {
        if (mirror != null) {
            for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry : mirror.getElementValues().entrySet()) {
                if (entry.getKey().getSimpleName().contentEquals(name)) {
                    return entry.getValue().getValue();
                }
            }
        }
        try {
            return type.getMethod(name).getDefaultValue();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("@" + type.getSimpleName() + " has no attribute " + name, e);
        }
    }

    public int getInt(String name) {
        return ((Number) raw(name)).intValue();
    }

    public long getLong(String name) {
        return ((Number) raw(name)).longValue();
    }

    public double getDouble(String name) {
        return ((Number) raw(name)).doubleValue();
    }

    public String getString(String name) {
        return (String) raw(name);
    }

    public boolean getBoolean(String name) {
        return (Boolean) raw(name);
    }

    public <E extends Enum<E>> E getEnum(String name, Class<E> enumType) {
        Object value = raw(name);
        return value instanceof VariableElement constant
                ? Enum.valueOf(enumType, constant.getSimpleName().toString())
                : enumType.cast(value);
    }

    public int[] getIntArray(String name) {
        Object value = raw(name);
        if (value instanceof List<?> list) {
            return list.stream().mapToInt(v -> ((Number) ((AnnotationValue) v).getValue()).intValue()).toArray();
        }
        if (value instanceof int[] defaults) {
            return defaults.clone();
        }
        return new int[] {((Number) value).intValue()};
    }

    /** The values of a nested annotation attribute such as {@code weightInit}. */
    public <A extends Annotation> AnnotationValues getAnnotation(String name, Class<A> nestedType) {
        Object value = raw(name);
        return new AnnotationValues(nestedType, value instanceof AnnotationMirror written ? written : null);
    }
}
