package dev.kiln.processor.plan;

import dev.kiln.ir.LayerSpec;
import dev.kiln.processor.read.LayerReader;

import java.util.List;

/** The layer kinds the processor knows: the one list to extend when a kind is added. */
public final class LayerKinds {
    private static final List<LayerKind> ALL = List.of(new DenseKind(), new ActivationKind(), new DropoutKind(), new NormKind(),
            new ReshapeKind(), new ConvKind(), new PoolKind(), new PReluKind(), new MaxoutKind());

    private LayerKinds() {
    }

    /** Every layer annotation's reader, for step 1. */
    public static List<LayerReader> readers() {
        return ALL.stream().flatMap(kind -> kind.readers().stream()).toList();
    }

    /** The kind that plans {@code spec}. */
    static LayerKind of(LayerSpec spec) {
        for (LayerKind kind : ALL) {
            if (kind.specs().stream().anyMatch(type -> type.isInstance(spec))) {
                return kind;
            }
        }
        throw new IllegalArgumentException("no layer kind plans " + spec.getClass().getSimpleName());
    }
}
