"""Sine and cosine of one angle together, for the chain walks; the arctangent of small
arguments, for rotation logarithms.

`math.sin` and `math.cos` are two separate library calls of ~8 ns each that the compiler
cannot inline; a 6-joint walk spends more time in them than in its matrix products.
`sincos` reduces the angle once by pi/2 and evaluates both minimax polynomials inline:
the classic Cody-Waite reduction with pi/2 split in three parts (the first two with 33
significant bits, so k * part is exact for |k| < 2^20) and the fdlibm kernel polynomials
on [-pi/4, pi/4] (published coefficients, error below one unit in the last place).
Angles beyond REDUCTION_LIMIT, inf and NaN go to the library calls.

`sincos` and `atan_over_x` are inlined into their callers by LLVM (a call would cost as
much as the polynomials), each with its own fastmath flags: "contract" (FMA) only tightens
the reduction, and a caller's "reassoc" cannot regroup them. Numba's own inlining
(inline="always") typed them again at every call site; LLVM's types them once.
"""

import math

from .jit import kernel

REDUCTION_LIMIT = 256.0  # |angle| (rad) up to which the reduction keeps one-ulp accuracy
_TWO_OVER_PI = 0.63661977236758134308
_PIO2_1 = 1.57079632673412561417e+00  # first 33 bits of pi/2
_PIO2_2 = 6.07710050630396597660e-11  # next 33 bits
_PIO2_3 = 2.02226624879595063154e-21  # pi/2 - _PIO2_1 - _PIO2_2
# sin(y) = y + y^3 (S1 + y^2 (S2 + ...)), cos(y) = 1 - y^2/2 + y^4 (C1 + y^2 (C2 + ...)).
_S1 = -1.66666666666666324348e-01
_S2 = 8.33333333332248946124e-03
_S3 = -1.98412698298579493134e-04
_S4 = 2.75573137070700676789e-06
_S5 = -2.50507602534068634195e-08
_S6 = 1.58969099521155010221e-10
_C1 = 4.16666666666666019037e-02
_C2 = -1.38888888888741095749e-03
_C3 = 2.48015872894767294178e-05
_C4 = -2.75573143513906633035e-07
_C5 = 2.08757232129817482790e-09
_C6 = -1.13596475577881948265e-11


@kernel(fastmath={"contract"}, forceinline=True)
def sincos(angle: float) -> tuple:
    """(sin(angle), cos(angle)) for an angle in radians, each within one ulp."""
    if not abs(angle) < REDUCTION_LIMIT:  # also NaN and inf
        return math.sin(angle), math.cos(angle)
    k = math.floor(angle * _TWO_OVER_PI + 0.5)  # nearest quadrant
    y = (angle - k * _PIO2_1 - k * _PIO2_2) - k * _PIO2_3  # in [-pi/4, pi/4] (slightly over)
    z = y * y
    s = y + y * z * (_S1 + z * (_S2 + z * (_S3 + z * (_S4 + z * (_S5 + z * _S6)))))
    half_z = 0.5 * z
    w = 1.0 - half_z
    tail = z * z * (_C1 + z * (_C2 + z * (_C3 + z * (_C4 + z * (_C5 + z * _C6)))))
    c = w + (((1.0 - w) - half_z) + tail)
    quadrant = int(k) & 3
    if quadrant == 0:
        return s, c
    if quadrant == 1:
        return c, -s
    if quadrant == 2:
        return -s, -c
    return -c, s


# atan(x) = x - x (z (A0 + z (A1 + ...))) with z = x^2 on |x| <= ATAN_SMALL_LIMIT: the fdlibm
# kernel polynomial (published coefficients, error below one unit in the last place).
ATAN_SMALL_LIMIT = 0.4375  # 7/16, where fdlibm's atan starts reducing its argument
_A0 = 3.33333333333329318027e-01
_A1 = -1.99999999998764832476e-01
_A2 = 1.42857142725034663711e-01
_A3 = -1.11111104054623557880e-01
_A4 = 9.09088713343650656196e-02
_A5 = -7.69187620504482999495e-02
_A6 = 6.66107313738753120669e-02
_A7 = -5.83357013379057348645e-02
_A8 = 4.97687799461593236017e-02
_A9 = -3.65315727442169155270e-02
_A10 = 1.62858201153657823623e-02


@kernel(forceinline=True)
def atan_over_x(z: float) -> float:
    """atan(x) / x for z = x^2 <= ATAN_SMALL_LIMIT^2 (1 at x = 0), within one ulp. Inline
    polynomial: `math.atan2` is a library call of ~20 ns that the compiler cannot inline."""
    w = z * z
    odd = z * (_A0 + w * (_A2 + w * (_A4 + w * (_A6 + w * (_A8 + w * _A10)))))
    even = w * (_A1 + w * (_A3 + w * (_A5 + w * (_A7 + w * _A9))))
    return 1.0 - (odd + even)
