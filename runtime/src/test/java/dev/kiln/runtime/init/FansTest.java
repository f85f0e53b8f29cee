package dev.kiln.runtime.init;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FansTest {

    @Test
    void denseWeightIsInByOut() {
        assertEquals(new Fans(784, 128), Fans.of(new long[]{784, 128}));
    }

    @Test
    void convWeightMultipliesChannelsByReceptiveField() {
        // [outC, inC, kH, kW]
        assertEquals(new Fans(3 * 5 * 7, 16 * 5 * 7), Fans.of(new long[]{16, 3, 5, 7}));
    }

    @Test
    void biasUsesItsLengthForBoth() {
        assertEquals(new Fans(10, 10), Fans.of(new long[]{10}));
    }

    @Test
    void otherRanksAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Fans.of(new long[]{2, 3, 4}));
        assertThrows(IllegalArgumentException.class, () -> Fans.of(new long[]{}));
        assertThrows(IllegalArgumentException.class, () -> Fans.of(new long[]{0, 3}));
    }
}
