package dev.kiln.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Max pooling over windows of {@code kernel}, moved by {@code stride} (the kernel size unless given). */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface MaxPool2d {
    int[] kernel();

    /** Step between windows; 0 means the kernel size (non-overlapping windows). */
    int[] stride() default 0;

    int[] padding() default 0;
}
