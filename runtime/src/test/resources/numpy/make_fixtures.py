"""Writes the .npy/.npz fixtures of NpyFixturesTest with numpy itself.

Run from this directory: python3 make_fixtures.py (committed files made with Debian's python3-numpy
1.24.2). Every array's values follow from a formula the test repeats, so the test checks the
values, not only the shapes.
"""
import numpy as np
from numpy.lib import format as npformat


def grid(shape, dtype, scale=1.0, shift=0.0):
    """arange(count) * scale + shift, cast to dtype, in C order."""
    count = int(np.prod(shape)) if shape else 1
    return (np.arange(count, dtype=np.float64) * scale + shift).astype(dtype).reshape(shape)


np.save("f4_2x3.npy", grid((2, 3), "<f4", 0.5, -1.0))
np.save("f8_fortran_3x4.npy", np.asfortranarray(grid((3, 4), "<f8", 0.25, 2.0)))
np.save("f8_scalar.npy", np.float64(3.25))            # a 0-d array
np.save("i8_scalar.npy", np.array(-7, dtype="<i8"))    # a 0-d array
np.save("i4_big_endian_2x2x2.npy", grid((2, 2, 2), ">i4", 1000, -3000))
np.save("u1_5.npy", grid((5,), "|u1", 60))
np.save("b1_4.npy", np.array([True, False, False, True]))
np.save("f2_3.npy", grid((3,), "<f2", 1.5, -1.0))
np.save("i2_3.npy", grid((3,), "<i2", -300, 100))
np.save("f4_empty_0x3.npy", np.zeros((0, 3), dtype="<f4"))
with open("f4_version2_2x2.npy", "wb") as out:
    npformat.write_array(out, grid((2, 2), "<f4", 1.0, 0.5), version=(2, 0))
with open("f8_version3_2.npy", "wb") as out:
    npformat.write_array(out, grid((2,), "<f8", 1.0, 0.5), version=(3, 0))
np.save("c16_unsupported.npy", np.array([1 + 2j]))
np.savez("stored.npz", features=grid((4, 3), "<f4", 0.1), labels=grid((4,), "<i8", 1), scalar=np.float64(2.5))
np.savez_compressed("compressed.npz", features=grid((4, 3), "<f4", 0.1), labels=grid((4,), "<i8", 1),
                    scalar=np.float64(2.5))
