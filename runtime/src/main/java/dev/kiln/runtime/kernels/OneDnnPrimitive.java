package dev.kiln.runtime.kernels;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One oneDNN primitive with a memory object per argument, made once: {@link #run} points the
 * arguments' memories at a call's arrays and executes, so a call creates no native object and no
 * array. Arguments {@linkplain #own owned} by the primitive (a weight gradient in oneDNN's blocked
 * layout, say) keep their library-allocated memory and are not passed per call.
 */
final class OneDnnPrimitive {
    private final primitive primitive;
    private final int[] arguments;
    private final memory[] memories;
    private final IntMemoryMap map = new IntMemoryMap();
    private final Address address = new Address();

    /** The primitive with arguments {@code arguments[i]} described by {@code descriptors[i]}, bound per call. */
    OneDnnPrimitive(primitive primitive, engine engine, int[] arguments, memory.desc[] descriptors) {
        this.primitive = primitive;
        this.arguments = arguments.clone();
        this.memories = new memory[arguments.length];
        for (int i = 0; i < arguments.length; i++) {
            memories[i] = new memory(descriptors[i], engine, new Pointer());
            map.put(arguments[i], memories[i]);
        }
    }

    /** Adds an argument that always reads or writes {@code owned}, a memory this primitive keeps. */
    OneDnnPrimitive own(int argument, memory owned) {
        map.put(argument, owned);
        return this;
    }

    /** Executes on {@code arrays}, one per argument given to the constructor, in that order, and waits. */
    void run(stream stream, INDArray... arrays) {
        if (arrays.length != arguments.length) {
            throw new IllegalArgumentException("oneDNN primitive takes " + arguments.length + " arrays, got "
                    + arrays.length);
        }
        for (int i = 0; i < arguments.length; i++) {
            memories[i].set_data_handle(address.at(firstElement(arrays[i])));
        }
        primitive.execute(stream, map);
        stream._wait();
    }

    /** An array's first element in native memory. */
    private static long firstElement(INDArray a) {
        return a.data().address() + a.offset() * a.data().getElementSize();
    }

    /** A pointer whose address is set per call, so that pointing a memory at an array allocates nothing native. */
    private static final class Address extends Pointer {
        Address at(long where) {
            address = where;
            return this;
        }
    }
}
